/**
 * `rsvp dlq list|replay --sends --aws`: the send queue's dead letters. An email SES refuses (here an address the
 * sandbox has not verified) fails the Send function on every receive and is set aside in `SendDeadLetters`;
 * once the cause is mended the operator lists it (what it is for, never the email; the address's local part
 * hidden) and puts it back on the send queue, and it goes out once. A job replayed whose email was sent already
 * sends nothing. The whole AWS runtime runs on the in-process stand-ins and DynamoDB Local (the mail table's
 * claims are real); only CloudFormation, which names the queues, is mocked at the SDK boundary.
 */
import { CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import type { AwsClientsFactory } from "../../cli/aws-options.ts";
import { statefulOutputs } from "../../stacks/stack-outputs.ts";
import type { AwsLocalRuntime } from "../../tools/aws-local/aws-local-runtime.ts";
import { runCliInProcess } from "../helpers/cli-in-process.ts";
import { dynamoLocalClient } from "../helpers/dynamo-local.ts";
import { type Lifecycle, startAwsLifecycle } from "../helpers/lifecycle-harness.ts";
import { boRefusedAndSetAside } from "../helpers/send-refused.ts";
import { statefulStack } from "../helpers/stateful-stack.ts";

const endpoint = inject("dynamoEndpoint");
const region = "eu-west-1";
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const cloudFormation = mockClient(CloudFormationClient);

describe.skipIf(startAwsLifecycle === null)("rsvp dlq --sends --aws: the send queue's dead letters", () => {
  let life: Lifecycle<AwsLocalRuntime>;

  const clients: AwsClientsFactory = () => ({
    cloudFormation: new CloudFormationClient({ region, credentials }),
    dynamo: dynamoLocalClient(endpoint as string),
    sqs: life.rt.sqs.client,
  });
  const rsvp = (...args: string[]) => runCliInProcess(args, { aws: clients });

  /** The confirmations SES took for an address. */
  const confirmationsOf = async (address: string) =>
    (await life.mail(address)).filter((m) => m.subject.startsWith("You're in"));

  beforeEach(async () => {
    life = await startAwsLifecycle!({ capacity: 10 }, { sesMaxSendRate: 14, sesSendRate: 14 });
    cloudFormation.reset();
    cloudFormation.on(DescribeStacksCommand).resolves(
      statefulStack({
        [statefulOutputs.commandQueueUrl]: life.rt.sqs.url,
        [statefulOutputs.sendQueueUrl]: life.rt.sendQueue.url,
        [statefulOutputs.sendDeadLettersUrl]: life.rt.sendQueue.deadLetterUrl,
      }),
    );
  });
  afterEach(async () => {
    await life.stop();
  });
  afterAll(() => {
    cloudFormation.restore();
  });

  /** Bo registers while SES refuses his address: his confirmation fails every receive and is set aside. */
  async function boSetAside(): Promise<string> {
    await boRefusedAndSetAside(life);
    expect(await confirmationsOf("ana@example.org")).toHaveLength(1);
    expect(await confirmationsOf("bo@example.org")).toEqual([]);
    return life.rt.sendQueue.deadLetters[0]!.body;
  }

  it("lists a refused email by its kind, event and guest, the address's local part hidden and nothing of the email; replayed once mended, it is sent once", async () => {
    await boSetAside();
    const bo = await life.guest("bo@example.org");

    const listed = await rsvp("dlq", "list", "--sends", "--aws");
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(life.eventId);
    expect(listed.stdout).toContain(`guest ${bo.guestId}`);
    expect(listed.stdout).toContain("[email]@example.org");
    expect(listed.stdout).not.toContain("bo@example.org");
    expect(listed.stdout).not.toContain("You're in");
    const json = await rsvp("dlq", "list", "--sends", "--aws", "--json");
    expect(json.code, json.stderr).toBe(0);
    const letter = JSON.parse(json.stdout) as { id: string; eventId: string; attempts: number };
    expect(letter.eventId).toBe(life.eventId);
    // The Send function's 5 receives, and the listing's own.
    expect(letter.attempts).toBeGreaterThanOrEqual(5);
    expect(json.stdout).not.toContain("bo@example.org");
    expect(json.stdout).not.toContain("You're in");
    // Listing took nothing out.
    expect(life.rt.sendQueue.deadLetters).toHaveLength(1);

    life.rt.ses.rejectFor.delete("bo@example.org");
    const replay = await rsvp("dlq", "replay", "--sends", "--aws", "--id", letter.id);
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout).toBe("replayed 1 dead letter\n");
    expect(life.rt.sendQueue.deadLetters).toEqual([]);
    await life.settle();
    expect(await confirmationsOf("bo@example.org")).toHaveLength(1);
    expect(await confirmationsOf("ana@example.org")).toHaveLength(1);

    const empty = await rsvp("dlq", "list", "--sends", "--aws");
    expect(empty.stdout).toBe("no dead letters\n");
  }, 60_000);

  it("replaying a job whose email was sent already sends nothing: the email's claim stops it", async () => {
    const job = await boSetAside();
    life.rt.ses.rejectFor.delete("bo@example.org");
    expect((await rsvp("dlq", "replay", "--sends", "--aws")).code).toBe(0);
    await life.settle();
    const sent = life.rt.ses.sent.length;

    // The same job in the dead letters again (set aside twice, say, by a delivery SQS made twice).
    await life.rt.sqs.client.send(
      new SendMessageCommand({ QueueUrl: life.rt.sendQueue.deadLetterUrl, MessageBody: job }),
    );
    const replay = await rsvp("dlq", "replay", "--sends", "--aws");
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout).toBe("replayed 1 dead letter\n");
    await life.settle();
    expect(life.rt.ses.sent.length).toBe(sent);
    expect(await confirmationsOf("bo@example.org")).toHaveLength(1);
    expect(life.rt.sendQueue.deadLetters).toEqual([]);
  }, 60_000);

  it("a job SES still refuses comes back to the dead letters; one that is no send job stays, named, and the exit status is 1", async () => {
    await boSetAside();
    await life.rt.sqs.client.send(
      new SendMessageCommand({ QueueUrl: life.rt.sendQueue.deadLetterUrl, MessageBody: "not json" }),
    );
    const replay = await rsvp("dlq", "replay", "--sends", "--aws");
    expect(replay.code).toBe(1);
    expect(replay.stdout).toBe("replayed 1 dead letter\n");
    expect(replay.stderr).toContain("1 dead letter stayed in the send dead-letter queue");
    expect(replay.stderr).toContain("not a send job");
    expect(life.rt.sendQueue.deadLetters.map((d) => d.body)).toEqual(["not json"]);
    // Still refused: five more receives, and it is set aside again, not lost.
    await life.rt.idle();
    expect(life.rt.sendQueue.deadLetters).toHaveLength(2);
    expect(await confirmationsOf("bo@example.org")).toEqual([]);

    life.rt.ses.rejectFor.delete("bo@example.org");
    life.rt.sendQueue.deadLetters = life.rt.sendQueue.deadLetters.filter((d) => d.body !== "not json");
    expect((await rsvp("dlq", "replay", "--sends", "--aws")).code).toBe(0);
    await life.settle();
    expect(await confirmationsOf("bo@example.org")).toHaveLength(1);
  }, 60_000);

  it("--sends needs --aws, and is not --failed", async () => {
    const embedded = await rsvp("dlq", "list", "--sends");
    expect(embedded.code).toBe(2);
    expect(embedded.stderr).toContain("--sends needs --aws");
    const both = await rsvp("dlq", "replay", "--sends", "--failed", "--aws");
    expect(both.code).not.toBe(0);
    expect(both.stderr).toContain("cannot be used with");
  });
});
