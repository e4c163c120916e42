/**
 * `rsvp … --aws` against a deployed stack, in-process: CloudFormation is mocked at the SDK boundary
 * (aws-sdk-client-mock), SQS is the in-process FIFO stand-in with its dead-letter queue
 * (tools/aws-local/local-sqs-fifo.ts), the tables are real ones on DynamoDB Local, written by the real keeper
 * and stream Lambda handlers (test/helpers/aws-pipeline.ts). The CLI gets its clients from the factory
 * `buildProgram` takes, so nothing here reaches AWS.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import {
  CloudFormationClient,
  CloudFormationServiceException,
  DescribeStacksCommand,
  type Output,
} from "@aws-sdk/client-cloudformation";
import { ScanCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { SendMessageBatchCommand, type SendMessageBatchRequest } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  inject,
  it,
  type MockInstance,
  vi,
} from "vitest";
import { deduplicationId } from "../../adapters/aws/command-message.ts";
import type { AwsClientsFactory } from "../../cli/aws-options.ts";
import { Command } from "../../contracts/command.ts";
import { HostAnswer } from "../../contracts/host-question.ts";
import { hashHostToken } from "../../core/host-token.ts";
import { systemClock } from "../../core/ports.ts";
import { statefulOutputs } from "../../stacks/stack-outputs.ts";
import { LocalSqsFifo } from "../../tools/aws-local/local-sqs-fifo.ts";
import { type AwsPipeline, awsPipeline } from "../helpers/aws-pipeline.ts";
import { runCliInProcess } from "../helpers/cli-in-process.ts";
import { dynamoLocalClient } from "../helpers/dynamo-local.ts";
import { cancel, fakeClock, register } from "../helpers/factories.ts";
import { deadLetter, drainQueue } from "../helpers/local-sqs.ts";
import { sqsRecordFactory } from "../helpers/sqs-records.ts";

const endpoint = inject("dynamoEndpoint");
const region = "eu-west-1";
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const webUrl = `https://abc123.lambda-url.${region}.on.aws/`;

const cloudFormation = mockClient(CloudFormationClient);
/** The SQS queues, fresh for each test; the queue's clock only moves its deduplication window. */
let queueClock = fakeClock();
let sqs = new LocalSqsFifo({ clock: queueClock });
/** Every request the CLI sends to SQS, in order. */
let sqsSend: MockInstance<LocalSqsFifo["client"]["send"]>;
const sent = (): SendMessageBatchRequest[] =>
  sqsSend.mock.calls
    .map(([c]) => c)
    .filter((c) => c instanceof SendMessageBatchCommand)
    .map((c) => c.input);

/** The CLI's clients: mocked CloudFormation, the SQS stand-in and DynamoDB Local; fresh ones per command, as in use. */
const clients: AwsClientsFactory = () => ({
  cloudFormation: new CloudFormationClient({ region, credentials }),
  dynamo: dynamoLocalClient(endpoint ?? "http://unused"),
  sqs: sqs.client,
});
const rsvp = (...args: string[]) => runCliInProcess(args, { aws: clients });

const outputsOf = (values: Record<string, string>): Output[] =>
  Object.entries(values).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue }));

/** CloudFormation as after `cdk deploy --all`: both stacks with their outputs; any other name is unknown. */
function deployed(p: AwsPipeline) {
  cloudFormation.reset();
  cloudFormation.on(DescribeStacksCommand).callsFake((input) => {
    // As the SDK throws an error the service model does not name: the service's base class.
    throw new CloudFormationServiceException({
      name: "ValidationError",
      message: `Stack with id ${input.StackName} does not exist`,
      $fault: "client",
      $metadata: {},
    });
  });
  const stack = (StackName: string, values: Record<string, string>) =>
    cloudFormation.on(DescribeStacksCommand, { StackName }).resolves({
      Stacks: [
        {
          StackName,
          StackStatus: "UPDATE_COMPLETE",
          CreationTime: new Date(),
          Outputs: outputsOf(values),
        },
      ],
    });
  const stateful = {
    [statefulOutputs.guestTable]: p.guestTable,
    [statefulOutputs.auditTable]: p.auditTable,
    [statefulOutputs.commandQueueUrl]: sqs.url,
    [statefulOutputs.commandDeadLettersUrl]: sqs.deadLetterUrl,
  };
  stack("RsvpStateful", stateful);
  stack("RsvpStateless", { WebUrl: webUrl });
  // An older deployment, from before the dead-letter queue's output existed.
  const { [statefulOutputs.commandDeadLettersUrl]: _, ...older } = stateful;
  stack("RsvpOld", older);
}

const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 16);

/** `rsvp event create --aws --json` → the parsed line. */
async function createEvent(capacity: number) {
  const result = await rsvp(
    "event",
    "create",
    "--aws",
    ...["--name", "Launch party", "--starts-at", inAMonth(), "--tz", "Europe/Berlin"],
    ...["--capacity", String(capacity), "--json"],
  );
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as {
    eventId: string;
    hostToken: string;
    registerUrl: string;
    hostUrl: string;
  };
}

const sqsRecords = (commands: readonly Command[]) => commands.map((c) => sqsRecordFactory(c, c.eventId));

describe.skipIf(endpoint === null)("rsvp --aws against a deployed stack", () => {
  let p: AwsPipeline;
  let dir: string;

  beforeAll(async () => {
    const client = dynamoLocalClient(endpoint!);
    p = await awsPipeline(client, endpoint!, systemClock);
    dir = mkdtempSync(join(tmpdir(), "rsvp-cli-aws-"));
  });
  afterAll(() => {
    p?.close();
    rmSync(dir, { recursive: true, force: true });
    cloudFormation.restore();
  });
  beforeEach(() => {
    queueClock = fakeClock();
    sqs = new LocalSqsFifo({ clock: queueClock });
    sqsSend = vi.spyOn(sqs.client, "send");
    deployed(p);
  });

  describe("finding the stack", () => {
    it("reads the names from the stateful stack's outputs, and names a missing stack and what to do", async () => {
      const missing = await rsvp("headcount", "ev-1", "--aws", "--stack", "RsvpNope");
      expect(missing.code).toBe(2);
      expect(missing.stderr).toBe(
        `rsvp: no stack "RsvpNope" in ${region}: deploy rsvp (npx cdk deploy --all), or name the stack rsvp was ` +
          "deployed as (--stack, --web-stack) and its region (AWS_REGION or AWS_PROFILE)\n",
      );
      expect(cloudFormation.commandCalls(DescribeStacksCommand).map((c) => c.args[0].input)).toEqual([
        { StackName: "RsvpNope" },
      ]);
    });

    it("names an output the deployed stack lacks", async () => {
      const result = await rsvp("dlq", "list", "--aws", "--stack", "RsvpOld");
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        "stack RsvpOld (UPDATE_COMPLETE) has no output CommandDeadLettersUrl: deploy this version of rsvp's stacks",
      );
    });

    it("takes the stack's name from RSVP_STACK too", async () => {
      process.env.RSVP_STACK = "RsvpNope";
      try {
        const result = await rsvp("headcount", "ev-1", "--aws");
        expect(result.stderr).toContain('no stack "RsvpNope"');
      } finally {
        delete process.env.RSVP_STACK;
      }
    });
  });

  describe("event create --aws", () => {
    it("writes the event and its host-token item to the guest table, with links on the web app's Function URL", async () => {
      const created = await createEvent(4);
      expect(created.registerUrl).toBe(`${webUrl}e/${created.eventId}`);
      expect(created.hostUrl).toBe(`${webUrl}h/${created.hostToken}`);
      const event = await p.store.getEvent(created.eventId);
      expect(event).toMatchObject({
        name: "Launch party",
        capacity: 4,
        confirmed: 0,
        timeZone: "Europe/Berlin",
      });
      // The host page finds it by the token's hash, as the web Lambda does.
      expect((await p.store.findEventByHostTokenHash(hashHostToken(created.hostToken)))?.eventId).toBe(
        created.eventId,
      );
    });

    it("checks the input before asking AWS anything, and writes nothing without the links' address", async () => {
      const items = async () =>
        (
          await dynamoLocalClient(endpoint!).send(
            new ScanCommand({ TableName: p.guestTable, Select: "COUNT" }),
          )
        ).Count;
      const before = await items();

      const bad = await rsvp(
        ...["event", "create", "--aws", "--name", "X", "--starts-at", inAMonth()],
        ...["--tz", "Europe/Berlin", "--capacity", "lots"],
      );
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("--capacity must be a whole number");
      expect(cloudFormation.commandCalls(DescribeStacksCommand)).toHaveLength(0);

      const noWeb = await rsvp(
        ...["event", "create", "--aws", "--web-stack", "Elsewhere", "--name", "X"],
        ...["--starts-at", inAMonth(), "--tz", "Europe/Berlin", "--capacity", "3"],
      );
      expect(noWeb.code).toBe(2);
      expect(noWeb.stderr).toContain('no stack "Elsewhere"');
      expect(await items()).toBe(before);
    });
  });

  describe("event list, edit and host-link --aws", () => {
    it("lists the deployed events, queues an edit the keeper applies, and renews a host link", async () => {
      const created = await createEvent(3);
      const list = await rsvp("event", "list", "--aws", "--json");
      expect(list.code, list.stderr).toBe(0);
      expect(JSON.parse(list.stdout)).toEqual(
        expect.arrayContaining([expect.objectContaining({ eventId: created.eventId, capacity: 3 })]),
      );

      const edit = await rsvp("event", "edit", created.eventId, "--aws", "--location", "Pier 7");
      expect(edit.code, edit.stderr).toBe(0);
      expect((await p.keep(await drainQueue(sqs))).failed).toEqual([]);
      expect((await p.store.getEvent(created.eventId))?.details.location.place).toBe("Pier 7");

      const renewed = await rsvp("event", "host-link", created.eventId, "--aws", "--json");
      expect(renewed.code, renewed.stderr).toBe(0);
      const link = JSON.parse(renewed.stdout);
      expect(link.hostUrl).toBe(`${webUrl}h/${link.hostToken}`);
      expect(await p.store.findEventByHostTokenHash(hashHostToken(created.hostToken))).toBeNull();
      expect((await p.store.findEventByHostTokenHash(hashHostToken(link.hostToken)))?.eventId).toBe(
        created.eventId,
      );
    });
  });

  describe("headcount and audit verify --aws", () => {
    it("read the event's counters, its audit trail and its guest rows, as on SQLite", async () => {
      const { eventId } = await createEvent(2);
      await p.deliver();
      const commands = ["ana", "bo", "cy"].map((n) => register(eventId, `${n}@example.org`, n));
      expect((await p.keep(sqsRecords(commands))).failed).toEqual([]);

      const headcount = await rsvp("headcount", eventId, "--aws", "--json");
      expect(headcount.code, headcount.stderr).toBe(0);
      expect(JSON.parse(headcount.stdout)).toMatchObject({
        capacity: 2,
        confirmed: 2,
        waitlisted: 1,
        open: 0,
      });
      const text = await rsvp("headcount", eventId, "--aws");
      expect(text.stdout).toContain("capacity 2 · confirmed 2 · offered 0 · waitlisted 1 · open seats 0");

      const verify = await rsvp("audit", "verify", eventId, "--aws");
      expect(verify.code, verify.stderr).toBe(0);
      expect(verify.stdout).toBe("audit matches live counters (4 entries; 2/2, 1 waiting; 3 guest rows)\n");

      const unknown = await rsvp("headcount", "no-such-event", "--aws");
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('no event "no-such-event" in stack RsvpStateful');
    });

    it("audit verify exits 1 and lists each difference when the counter disagrees with the trail", async () => {
      const { eventId } = await createEvent(5);
      await p.deliver();
      await p.keep(sqsRecords([register(eventId, "ana@example.org")]));
      // A counter gone wrong behind the keeper's back.
      await dynamoLocalClient(endpoint!).send(
        new UpdateItemCommand({
          TableName: p.guestTable,
          Key: { pk: { S: `EVENT#${eventId}` }, sk: { S: "META" } },
          UpdateExpression: "SET confirmed = :n",
          ExpressionAttributeValues: { ":n": { N: "3" } },
        }),
      );

      const verify = await rsvp("audit", "verify", eventId, "--aws");
      expect(verify.code).toBe(1);
      expect(verify.stderr).toContain("confirmed: audit replay says 1, live counter is 3");
      expect(verify.stderr).toContain("confirmed: 1 guest rows, live counter is 3");
    });
  });

  describe("import --aws", () => {
    const csv = (n: number) =>
      ["Name,Email", ...Array.from({ length: n }, (_, i) => `Guest ${i + 1},guest${i + 1}@example.org`)].join(
        "\n",
      );

    it("sends the rows to the command queue 10 per SendMessageBatch, in the event's group, each with its command's dedup id", async () => {
      const { eventId } = await createEvent(8);
      await p.deliver();
      const file = join(dir, "guests.csv");
      writeFileSync(file, csv(12));

      const result = await rsvp("import", eventId, file, "--aws", "--pre-confirmed");

      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain("imported 12 rows, 0 errors, 0 duplicates");
      expect(result.stdout).toContain("the keeper applies them as SQS delivers them");
      // Off a terminal: no bar, one plain line at the end.
      expect(result.stderr).toBe("queued 12/12 commands\n");
      const batches = sent();
      expect(batches.map((b) => [b.QueueUrl, b.Entries?.length])).toEqual([
        [sqs.url, 10],
        [sqs.url, 2],
      ]);
      for (const entry of batches.flatMap((b) => b.Entries ?? [])) {
        const command = Command.parse(JSON.parse(entry.MessageBody!));
        expect(entry.MessageGroupId).toBe(eventId);
        expect(entry.MessageDeduplicationId).toBe(deduplicationId(command));
      }

      // What the queue delivers, the keeper applies: 8 seats, then the line, in list order.
      expect((await p.keep(await drainQueue(sqs))).failed).toEqual([]);
      expect(await p.store.getEvent(eventId)).toMatchObject({ confirmed: 8, waitlisted: 4 });

      // The same file again: everything was applied, nothing is sent.
      sqsSend.mockClear();
      const again = await rsvp("import", eventId, file, "--aws", "--pre-confirmed");
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toContain("12 rows of this file had been imported before; left as they are");
      expect(sent()).toHaveLength(0);
    });

    it("says which commands SQS refused, and that importing the file again is harmless", async () => {
      const { eventId } = await createEvent(20);
      const file = join(dir, "refused.csv");
      writeFileSync(file, csv(12));
      sqs.refuse = (body) => body.includes("guest11@example.org");

      const result = await rsvp("import", eventId, file, "--aws");

      expect(result.code).toBe(1);
      expect(result.stderr).toContain("SQS did not take 1 command(s)");
      expect(result.stderr).toContain("Importing the same file again is harmless");
      // The first batch went out before the refusal; the plain line says how far it came.
      expect(result.stderr).toContain("queued 10/12 commands");
    });

    it("refuses an unknown event before sending anything", async () => {
      const file = join(dir, "unknown.csv");
      writeFileSync(file, csv(2));
      const result = await rsvp("import", "no-such-event", file, "--aws");
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('no event "no-such-event" in stack RsvpStateful');
      expect(sent()).toHaveLength(0);
    });
  });

  describe("ask --aws", () => {
    afterEach(() => {
      vi.unstubAllEnvs();
    });

    /** An event of 2 seats: ana and bo seated, cy waiting; bo cancels and comes back to the end of the line. */
    async function comebackEvent() {
      const { eventId } = await createEvent(2);
      await p.deliver();
      const commands = ["ana", "bo", "cy"].map((n) => register(eventId, `${n}@example.org`, n));
      expect((await p.keep(sqsRecords(commands))).failed).toEqual([]);
      const bo = (await p.store.listGuests(eventId)).find((g) => g.email === "bo@example.org")!;
      expect((await p.keep(sqsRecords([cancel(eventId, bo.guestId)]))).failed).toEqual([]);
      // The offer round the cancel asks for is left to a keeper that is not running here: cy keeps waiting.
      // Back through the rejoin link of bo's own email (a web registration of a known address changes nothing).
      const rejoin = register(eventId, "bo@example.org", "bo", { lane: "link" });
      expect((await p.keep(sqsRecords([rejoin]))).failed).toEqual([]);
      return eventId;
    }

    it("answers from the deployed guest and audit tables by plain matching, without the assistant", async () => {
      vi.stubEnv("RSVP_BEDROCK_MODEL", "");
      const eventId = await comebackEvent();

      const cancelled = await rsvp("ask", eventId, "who cancelled?", "--aws");
      expect(cancelled.code, cancelled.stderr).toBe(0);
      expect(cancelled.stdout).toMatch(
        /^1 guest cancelled: bo <bo@example\.org> on .+ \(registered again since: now on the waitlist\)\.\n {2}\(from the whole audit trail\)\n$/,
      );

      const registered = await rsvp("ask", eventId, "who registered?", "--aws", "--json");
      expect(registered.code, registered.stderr).toBe(0);
      const answer = HostAnswer.parse(JSON.parse(registered.stdout));
      expect(answer).toMatchObject({ answeredBy: "intent", sources: ["the whole audit trail"], note: null });
      expect(answer.answer).toMatch(
        /^3 guests registered: ana .*; bo .*; cy .*; bo <bo@example\.org> registered again on /,
      );

      const waitlist = await rsvp(
        "ask",
        eventId,
        "who is on the waitlist?",
        "--aws",
        "--stack",
        "RsvpStateful",
      );
      expect(waitlist.stdout).toMatch(
        /^2 guests are on the waitlist, in order: 1\. cy <cy@example\.org>; 2\. bo <bo@example\.org>\.\n/,
      );

      const unknown = await rsvp("ask", "no-such-event", "is it full?", "--aws");
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('no event "no-such-event" in stack RsvpStateful');

      const needsAssistant = await rsvp("ask", eventId, "what should I cook?", "--aws");
      expect(needsAssistant.code).toBe(1);
      expect(needsAssistant.stdout).toContain("That question needs the assistant");
    });

    it("lets Bedrock answer when RSVP_BEDROCK_MODEL is set, its tools reading the deployed tables", async () => {
      vi.stubEnv("RSVP_BEDROCK_MODEL", "default");
      vi.stubEnv("RSVP_BEDROCK_REGION", region);
      const eventId = await comebackEvent();
      const bedrock = mockClient(BedrockRuntimeClient);
      try {
        bedrock
          .on(ConverseCommand)
          .resolvesOnce({
            $metadata: {},
            stopReason: "tool_use",
            output: {
              message: {
                role: "assistant",
                content: [
                  {
                    toolUse: { toolUseId: "tu-1", name: "list_guests", input: { statuses: ["waitlisted"] } },
                  },
                ],
              },
            },
          })
          .resolvesOnce({
            $metadata: {},
            stopReason: "end_turn",
            output: {
              message: { role: "assistant", content: [{ text: "cy and bo are waiting, in that order." }] },
            },
          });

        const asked = await rsvp("ask", eventId, "who is waiting, and in what order?", "--aws", "--json");
        expect(asked.code, asked.stderr).toBe(0);
        expect(HostAnswer.parse(JSON.parse(asked.stdout))).toMatchObject({
          answer: "cy and bo are waiting, in that order.",
          answeredBy: "assistant",
          sources: [expect.stringMatching(/^the guest list \(waitlisted\) at \d\d:\d\d \(Europe\/Berlin\)$/)],
        });
        const toolResult =
          bedrock.commandCalls(ConverseCommand)[1]?.args[0].input.messages?.[2]?.content?.[0];
        expect(toolResult?.toolResult?.content?.[0]?.json).toMatchObject({
          data: {
            total: 2,
            guests: [
              { email: "cy@example.org", waitlistPosition: 1 },
              { email: "bo@example.org", waitlistPosition: 2 },
            ],
          },
        });
      } finally {
        bedrock.restore();
      }
    });
  });

  describe("dlq list and replay --aws", () => {
    it("lists the dead letters without taking them out, and replays the commands, leaving what is none", async () => {
      const a = register("ev-dlq", "ana@example.org");
      const b = register("ev-dlq", "bo@example.org");
      // Each failed the keeper's five deliveries: the redrive policy moved it to the dead-letter queue.
      const ids = await deadLetter(sqs, queueClock, [
        { body: JSON.stringify(a), groupId: "ev-dlq" },
        { body: JSON.stringify(b), groupId: "ev-dlq" },
        { body: "{garbage", groupId: "ev-junk" },
      ]);

      const list = await rsvp("dlq", "list", "--aws", "--json");
      expect(list.code, list.stderr).toBe(0);
      const letters = list.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      expect(letters.map((l) => [l.id, l.eventId, l.attempts])).toEqual([
        [ids[0], "ev-dlq", 6],
        [ids[1], "ev-dlq", 6],
        [ids[2], "ev-junk", 6],
      ]);
      expect(letters[0].command).toEqual(a);
      const table = await rsvp("dlq", "list", "--aws");
      expect(table.stdout).toContain(`register ${b.commandId} bo@example.org`);
      expect(table.stdout).toMatch(/id +event +first sent +receives +command/);
      // Listing took nothing out and holds nothing back.
      expect(sqs.deadLetters.map((d) => d.messageId)).toEqual(ids);
      expect(sqs.deadLettersInFlight()).toBe(0);

      const replay = await rsvp("dlq", "replay", "--aws");
      expect(replay.stdout).toBe("replayed 2 dead letters\n");
      expect(replay.code).toBe(1);
      expect(replay.stderr).toContain(`${ids[2]}: not a command (not JSON); left in the dead-letter queue`);
      expect(sqs.deadLetters.map((d) => d.messageId)).toEqual([ids[2]]);
      expect(sqs.deadLettersInFlight()).toBe(0);
      expect((await drainQueue(sqs)).map((r) => [r.body, r.attributes.MessageGroupId])).toEqual([
        [JSON.stringify(a), "ev-dlq"],
        [JSON.stringify(b), "ev-dlq"],
      ]);
    });
  });
});
