/**
 * Replaying dead letters is harmless, on both runtimes: a command the keeper already applied, set aside as a
 * dead letter and replayed with `rsvp dlq replay` (once, then again, and twice in one replay on AWS) changes
 * nothing — headcount, guest rows and audit trail stay as they were, and no one is mailed again — because the
 * keeper records every command it applied and acknowledges a repeat without a change.
 *
 * Embedded: the real runtime in-process (SQLite queue, keeper loop, change feed, outbox), the CLI on the same
 * data dir. AWS: the CLI replays from the dead-letter queue of the in-process SQS FIFO stand-in
 * (tools/aws-local/local-sqs-fifo.ts; CloudFormation mocked at the SDK boundary) and what it sends goes through
 * the real keeper Lambda handler on DynamoDB Local, whose stream runs through the real stream handler into the
 * DynamoDB audit log.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { mockClient } from "aws-sdk-client-mock";
import pino from "pino";
import { afterAll, describe, expect, inject, it } from "vitest";
import { SqliteMailOutbox } from "../../adapters/local/sqlite-mail-outbox.ts";
import type { AwsClientsFactory } from "../../cli/aws-options.ts";
import type { Command } from "../../contracts/command.ts";
import { openStores, startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import { statefulOutputs } from "../../stacks/stack-outputs.ts";
import { LocalSqsFifo } from "../../tools/aws-local/local-sqs-fifo.ts";
import { awsPipeline } from "../helpers/aws-pipeline.ts";
import { runCliInProcess } from "../helpers/cli-in-process.ts";
import { dynamoLocalClient } from "../helpers/dynamo-local.ts";
import { createdEvent, fakeClock, register } from "../helpers/factories.ts";
import { deadLetter as deadLetterOnAws, drainQueue } from "../helpers/local-sqs.ts";
import { setAside } from "../helpers/offline-data-dir.ts";
import { sqsRecordFactory } from "../helpers/sqs-records.ts";

const endpoint = inject("dynamoEndpoint");

describe("replaying dead letters on the embedded runtime", () => {
  it("an applied command dead-lettered and replayed, and again, changes nothing and mails no one again", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "rsvp-dlq-replay-"));
    const runtime = await startEmbedded({
      dataDir,
      http: false,
      clock: fakeClock(),
      logger: pino({ level: "silent" }),
    });
    try {
      const event = createdEvent({ capacity: 1 });
      await runtime.store.createEvent(event);
      // One seat: Ana takes it, Bo waits. A replayed Ana applied again would show in every counter.
      const ana = register(event.eventId, "ana@example.org", "Ana");
      const bo = register(event.eventId, "bo@example.org", "Bo");
      await runtime.queue.send([ana, bo]);
      await runtime.idle();
      const outbox = new SqliteMailOutbox(runtime.db);
      const state = async () => ({
        event: await runtime.store.getEvent(event.eventId),
        guests: await runtime.store.listGuests(event.eventId),
        audit: await runtime.audit.list(event.eventId),
        mail: (await outbox.list({ eventId: event.eventId })).map((m) => m.key),
      });
      const before = await state();
      expect(before.event).toMatchObject({ confirmed: 1, waitlisted: 1 });
      expect(before.mail).toHaveLength(2);

      for (const round of [1, 2]) {
        setAside(runtime, [ana]);
        const list = await runCliInProcess(["dlq", "list", "--data", dataDir, "--json"]);
        expect(
          list.stdout
            .trim()
            .split("\n")
            .map((l) => JSON.parse(l).command.commandId),
        ).toEqual([ana.commandId]);

        const replay = await runCliInProcess(["dlq", "replay", "--data", dataDir]);
        expect(replay.code, replay.stderr).toBe(0);
        expect(replay.stdout, `round ${round}`).toBe("replayed 1 dead letter\n");
        // The CLI queued it through its own connection: wake the keeper instead of waiting for its poll.
        runtime.queue.notify();
        await runtime.idle();

        expect(runtime.queue.depth()).toBe(0);
        expect(runtime.queue.listDeadLetters()).toEqual([]);
        expect(await state(), `round ${round}`).toEqual(before);
      }
      const again = await runCliInProcess(["dlq", "replay", "--data", dataDir]);
      expect(again.stdout).toBe("replayed 0 dead letters\n");
    } finally {
      await runtime.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("rsvp dlq on a data dir", () => {
  it("lists and replays at most --limit dead letters, oldest first", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "rsvp-dlq-limit-"));
    const stores = openStores(dataDir);
    try {
      const commands = ["a", "b", "c"].map((n) => register("ev-limit", `${n}@example.org`));
      setAside(stores, commands);

      const list = await runCliInProcess(["dlq", "list", "--data", dataDir, "--limit", "2", "--json"]);
      expect(
        list.stdout
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l).command.commandId),
      ).toEqual(commands.slice(0, 2).map((c) => c.commandId));
      const replay = await runCliInProcess(["dlq", "replay", "--data", dataDir, "--limit", "2"]);
      expect(replay.stdout).toBe("replayed 2 dead letters\n");
      expect(stores.queue.listDeadLetters().map((d) => (d.command as Command).commandId)).toEqual([
        commands[2]!.commandId,
      ]);
      const bad = await runCliInProcess(["dlq", "replay", "--data", dataDir, "--limit", "0"]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("give a whole number of dead letters, at least 1");
    } finally {
      stores.db.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(endpoint === null)("replaying dead letters on AWS", () => {
  const region = "eu-west-1";
  const credentials = { accessKeyId: "test", secretAccessKey: "test" };
  const cloudFormation = mockClient(CloudFormationClient);
  afterAll(() => cloudFormation.restore());

  it("an applied command dead-lettered and replayed, and again twice over, changes nothing and mails no one again", async () => {
    const clock = fakeClock();
    const sqs = new LocalSqsFifo({ clock });
    const clients: AwsClientsFactory = () => ({
      cloudFormation: new CloudFormationClient({ region, credentials }),
      dynamo: dynamoLocalClient(endpoint ?? "http://unused"),
      sqs: sqs.client,
    });
    const p = await awsPipeline(dynamoLocalClient(endpoint!), endpoint!, clock);
    try {
      cloudFormation.on(DescribeStacksCommand, { StackName: "RsvpStateful" }).resolves({
        Stacks: [
          {
            StackName: "RsvpStateful",
            StackStatus: "CREATE_COMPLETE",
            CreationTime: new Date(),
            Outputs: Object.entries({
              [statefulOutputs.guestTable]: p.guestTable,
              [statefulOutputs.auditTable]: p.auditTable,
              [statefulOutputs.commandQueueUrl]: sqs.url,
              [statefulOutputs.commandDeadLettersUrl]: sqs.deadLetterUrl,
            }).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
          },
        ],
      });
      const rsvp = (...args: string[]) => runCliInProcess(args, { aws: clients });

      const event = createdEvent({ capacity: 1 });
      await p.store.createEvent(event);
      await p.deliver();
      const ana = register(event.eventId, "ana@example.org", "Ana");
      const bo = register(event.eventId, "bo@example.org", "Bo");
      expect((await p.keep([ana, bo].map((c) => sqsRecordFactory(c, c.eventId)))).failed).toEqual([]);
      const state = async () => ({
        event: await p.store.getEvent(event.eventId),
        guests: await p.store.listGuests(event.eventId),
        audit: await p.audit.list(event.eventId),
        // Every send the messenger made, repeats included.
        mailCalls: p.mailer.calls.length,
      });
      const before = await state();
      expect(before.event).toMatchObject({ confirmed: 1, waitlisted: 1 });
      expect(before.mailCalls).toBe(2);

      // Round 1: Ana's command once; round 2: twice over in one replay, with Bo's. (SQS drops the second Ana
      // of that replay as a repeat within its deduplication window; the keeper sees the first.)
      for (const letters of [[ana], [ana, ana, bo]]) {
        await deadLetterOnAws(
          sqs,
          clock,
          letters.map((c) => ({ body: JSON.stringify(c), groupId: c.eventId })),
        );

        const replay = await rsvp("dlq", "replay", "--aws");
        expect(replay.code, replay.stderr).toBe(0);
        expect(replay.stdout).toBe(
          `replayed ${letters.length} dead letter${letters.length === 1 ? "" : "s"}\n`,
        );
        expect(sqs.deadLetters).toEqual([]);

        // Lambda hands the replayed messages to the keeper, as SQS delivers them: each command once.
        const delivered = await drainQueue(sqs);
        expect(delivered.map((r) => JSON.parse(r.body).commandId)).toEqual([
          ...new Set(letters.map((c) => c.commandId)),
        ]);
        const { failed, streamed } = await p.keep(delivered);
        expect(failed).toEqual([]);
        // The keeper wrote nothing: no change reached the stream, so no handler ran.
        expect(streamed).toEqual([]);
        expect(await state()).toEqual(before);
      }

      const verify = await rsvp("audit", "verify", event.eventId, "--aws");
      expect(verify.code, verify.stderr).toBe(0);
      expect(verify.stdout).toContain("audit matches live counters");
    } finally {
      p.close();
    }
  });
});
