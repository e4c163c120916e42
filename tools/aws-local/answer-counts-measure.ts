/**
 * The host assistant's answer counts on AWS, measured (docs/aws-guest-list.md): N guests with answers registered
 * through the real keeper on DynamoDB Local, then `count_answers` run twice: from the counts on the event row,
 * and with the row's tally removed, from the whole list (the read of earlier releases, and of events from
 * before the tally). Prints wall time and this process's CPU.
 *
 *   node tools/aws-local/answer-counts-measure.ts --guests 10000
 */
import { UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { DynamoGuestStore } from "../../adapters/aws/dynamo-guest-store.ts";
import { createGuestTable, eventPk, META } from "../../adapters/aws/guest-table.ts";
import { EventSettings } from "../../contracts/settings.ts";
import { countAnswersTool } from "../../core/host-questions/answer-tool.ts";
import { hostReadModel } from "../../core/host-questions/read-model.ts";
import { dynamoLocalClient, startDynamoLocal } from "../../runtime/dynamo-local.ts";
import { fakeClock, hostedEvent, register } from "../../test/helpers/factories.ts";
import { sampleQuestions } from "../../test/helpers/questions.ts";
import { guestsArgument, registerThroughKeeper } from "./measure-kit.ts";

const guests = guestsArgument();

const dynamo = await startDynamoLocal();
const client = dynamoLocalClient(dynamo.endpoint, 8);
try {
  const tableName = `measure-answers-${Date.now()}`;
  await createGuestTable(client, tableName);
  const store = new DynamoGuestStore({ client, tableName });
  const clock = fakeClock();
  const settings = EventSettings.parse({ questions: sampleQuestions });
  const { event } = hostedEvent({ capacity: Math.floor(guests / 2), now: clock.now(), settings });
  await store.createEvent(event);
  const diets = ["None", "Vegetarian", "Vegan"];
  await registerThroughKeeper(store, event.eventId, guests, clock, (n) =>
    register(event.eventId, `guest${n}@example.org`, `Guest ${n}`, {
      issuedAt: clock.now(),
      answers: { diet: diets[n % 3], photos: n % 2 === 0 },
    }),
  );
  console.log(`\n${guests.toLocaleString("en")} guests with answers, through the keeper (DynamoDB Local)`);
  const run = async (what: string) => {
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const read = hostReadModel(store, null, event.eventId);
    const answer = await countAnswersTool.run({ read, now: clock.now() }, {});
    const used = process.cpuUsage(cpu);
    console.log(
      `  ${what.padEnd(40)} ${((performance.now() - t0) / 1000).toFixed(2).padStart(7)} s wall  ${((used.user + used.system) / 1e6).toFixed(2).padStart(6)} s CPU  ${answer.data.guestsCounted} confirmed counted`,
    );
    return JSON.stringify(answer.data);
  };
  const fromRow = await run("count_answers from the event row");
  await client.send(
    new UpdateItemCommand({
      TableName: tableName,
      Key: marshall({ pk: eventPk(event.eventId), sk: META }),
      UpdateExpression: "REMOVE answerTally",
    }),
  );
  const fromList = await run("count_answers from the list (before)");
  if (fromRow !== fromList) throw new Error("the two counts differ");
  console.log("  both give the same counts");
} finally {
  client.destroy();
  await dynamo.stop();
}
