import { type Command, InvalidArgumentError, Option } from "commander";
import type { DeadLetter, DeadLetterListing, DeadLetters, ReplayReport } from "../core/ports.ts";
import { type AwsClientsFactory, awsOption, onAws, stackOption } from "./aws-options.ts";
import { type DeploymentOptions, withDeployment } from "./deployment.ts";
import { CliError } from "./errors.ts";
import { dataOption, jsonOption } from "./options.ts";
import { counted, printJson, printLines, table } from "./output.ts";

function describe(command: unknown): string {
  if (command && typeof command === "object" && "key" in command && "to" in command) {
    // A send job (`--sends`): its kind, guest and hidden address; never the email itself.
    const j = command as { type?: unknown; guestId?: unknown; to?: unknown };
    return [j.type, typeof j.guestId === "string" ? `guest ${j.guestId}` : null, j.to]
      .filter((x) => typeof x === "string")
      .join(" ");
  }
  if (command && typeof command === "object" && "type" in command) {
    const c = command as { type: unknown; commandId?: unknown; email?: unknown };
    return [c.type, c.commandId, c.email].filter((x) => typeof x === "string").join(" ");
  }
  return JSON.stringify(command).slice(0, 60);
}

/** `--limit N`: a whole number, at least 1. */
function parseLimit(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new InvalidArgumentError("give a whole number of dead letters, at least 1.");
  return Number(value);
}

const limitOption = (what: string) => new Option("--limit <n>", what).argParser(parseLimit);

const letterCount = (n: number) => counted(n, "dead letter");

const failedOption = () =>
  new Option(
    "--failed",
    "with --aws: the failed-events queue (stream batches, inbound mail and timers that failed every retry)",
  );

const sendsOption = () =>
  new Option(
    "--sends",
    "with --aws: the send queue's dead letters (emails the Send function failed on 5 times)",
  ).conflicts("failed");

/**
 * Runs `fn` on the dead letters `--failed` or `--sends` chooses: the command queue's (either runtime), or the
 * AWS runtime's failed-events queue or send queue's dead letters. The embedded runtime has neither: its change
 * feed retries a change until it is handled, and its outbox keeps every email.
 */
async function withLetters<T>(
  o: DlqOptions,
  aws: AwsClientsFactory | undefined,
  fn: (letters: DeadLetters) => Promise<T>,
): Promise<T> {
  if (o.sends) {
    if (!o.aws)
      throw new CliError(
        "--sends needs --aws: the embedded runtime has no send queue (its outbox keeps every email; " +
          "`rsvp outbox` lists them)",
      );
    return onAws(aws, o.stack, async (deployment) => fn(await deployment.sendDeadLetters()));
  }
  if (!o.failed) return withDeployment(o, aws, async (deployment) => fn(await deployment.deadLetters()));
  if (!o.aws)
    throw new CliError(
      "--failed needs --aws: the embedded runtime has no failed-events queue (its change feed retries a " +
        "change until it is handled); its dead letters are those `rsvp dlq list` shows",
    );
  return onAws(aws, o.stack, async (deployment) => fn(await deployment.failedEvents()));
}

interface DlqOptions extends DeploymentOptions {
  json?: boolean;
  failed?: boolean;
  sends?: boolean;
  id?: string[];
  limit?: number;
}

/** `rsvp dlq list` and `rsvp dlq replay`: commands the keeper set aside after failing too often. */
export function registerDlqCommands(program: Command, aws: AwsClientsFactory | undefined): void {
  const dlq = program.command("dlq").description("dead letters: commands set aside after failing too often");

  dlq
    .command("list")
    .description("list dead letters")
    .addOption(dataOption())
    .addOption(jsonOption())
    .addOption(limitOption("list at most N dead letters"))
    .addOption(awsOption())
    .addOption(stackOption())
    .addOption(failedOption())
    .addOption(sendsOption())
    .addHelpText(
      "after",
      `
With --json: one dead letter per line (JSON Lines).
With --sends --aws: each email's kind, event and guest, its address with the local part hidden; never its
content. SQS keeps no error with a dead letter: the Send function's log says why it failed.
With --aws: the deployed command queue's FIFO dead-letter queue. Listing takes nothing out of it (each message
is received, then made visible again); SQS shows at most 10 messages of one event until those are replayed.`,
    )
    .action(async (o: DlqOptions) => {
      await withLetters(o, aws, async (letters) =>
        printLetters(await letters.list({ limit: o.limit }), o.json),
      );
    });

  dlq
    .command("replay")
    .description("put dead letters back at the end of their event's queue (all, or those named by --id)")
    .addOption(dataOption())
    .option("--id <id...>", "replay only these dead letters (ids from `rsvp dlq list`)")
    .addOption(limitOption("replay at most N dead letters, oldest first"))
    .addOption(awsOption())
    .addOption(stackOption())
    .addOption(failedOption())
    .addOption(sendsOption())
    .addHelpText(
      "after",
      `
With --sends --aws: each send job goes back to the send queue as it was, and is deleted from the dead letters
once SQS took it. Harmless to repeat: an email whose key was sent already is not sent again.

With --failed --aws: a stream batch is read back from the stream (kept 24 hours) and handed to the stream
function again, an inbound email to the parser, and an undelivered timer's command to the command queue;
each is deleted once that succeeded.

Replaying is harmless to repeat: the keeper recognises commands it has already applied.
A running server picks replayed commands up within a second; otherwise the next \`rsvp start\` does.

With --aws: each dead letter is received from the FIFO dead-letter queue, sent to the command queue in its
event's message group with its command's deduplication id, and deleted from the dead-letter queue only once
SQS took it; until the dead-letter queue is empty (or --limit is reached). A message that is not a command
stays where it is. Exit status 1 when a dead letter asked for stayed in the dead-letter queue.`,
    )
    .action(async (o: DlqOptions) => {
      await withLetters(o, aws, async (letters) =>
        reportReplay(
          await letters.replay({ ids: o.id, limit: o.limit }),
          o.failed ? "failed" : o.sends ? "sends" : "commands",
        ),
      );
    });
}

/** The columns of a listing; a column no letter has a value for (the queue does not record it) is left out. */
const columns: { title: string; value: (d: DeadLetter) => string | null }[] = [
  { title: "id", value: (d) => d.id },
  { title: "event", value: (d) => d.eventId },
  { title: "first sent", value: (d) => d.sentAt },
  { title: "failed at", value: (d) => d.failedAt },
  { title: "receives", value: (d) => String(d.attempts) },
  { title: "command", value: (d) => describe(d.command) },
  { title: "last error", value: (d) => d.lastError?.split("\n")[0] ?? null },
];

function printLetters(listing: DeadLetterListing, json: boolean | undefined): void {
  const { letters, approximateTotal } = listing;
  if (json) {
    for (const d of letters) printJson(d);
    return;
  }
  if (letters.length === 0) {
    printLines("no dead letters");
    return;
  }
  const shown = columns.filter((c) => letters.some((d) => c.value(d) !== null));
  printLines(
    table(
      shown.map((c) => c.title),
      letters.map((d) => shown.map((c) => c.value(d) ?? "-")),
    ),
    ...(approximateTotal > letters.length
      ? [
          `${letterCount(letters.length)} shown of about ${approximateTotal}: SQS hands out an event's later ` +
            "messages only once its earlier ones are replayed",
        ]
      : []),
  );
}

/** An id a FIFO queue did not hand out: it may hold it behind an earlier message of its group. */
const fifoMissing =
  "not received; no such dead letter, or it waits behind an earlier one of its event (replay that first, or all)";

/** The words a replay report uses for each queue. */
const queueWords = {
  commands: {
    queue: "dead-letter queue",
    refused: "the command queue refused it",
    missing: fifoMissing,
    unreadable: (reason: string) => `not a command (${reason}); left in the dead-letter queue`,
  },
  failed: {
    queue: "failed-events queue",
    refused: "failed again",
    missing: fifoMissing,
    unreadable: (reason: string) => `unreadable (${reason}); left in the failed-events queue`,
  },
  sends: {
    queue: "send dead-letter queue",
    refused: "the send queue refused it",
    missing: "not received; no such dead letter, or another receive holds it (try again in 5 minutes)",
    unreadable: (reason: string) => `not a send job (${reason}); left in the send dead-letter queue`,
  },
} as const;

/**
 * What a replay did. Ids that name no dead letter are a mistake on the command line (exit 2, nothing replayed);
 * anything asked for that stayed among the dead letters makes the exit status 1.
 */
function reportReplay(report: ReplayReport, which: keyof typeof queueWords): void {
  const words = queueWords[which];
  if (report.unknown.length > 0) throw new CliError(`no dead letter with id ${report.unknown.join(", ")}`);
  printLines(`replayed ${letterCount(report.replayed.length)}`);
  const stayed = [
    ...report.failed.map((f) => `${f.id}: ${words.refused} (${f.code}: ${f.message})`),
    ...report.unreadable.map((u) => `${u.id}: ${words.unreadable(u.reason)}`),
    ...report.missing.map((id) => `${id}: ${words.missing}`),
  ];
  const resent = report.notDeleted.map(
    (f) => `${f.id}: sent, but still in the ${words.queue} (${f.code}); replaying it again later is harmless`,
  );
  if (resent.length > 0) process.stderr.write(`${resent.join("\n")}\n`);
  if (stayed.length > 0)
    throw new CliError(
      [`${letterCount(stayed.length)} stayed in the ${words.queue}:`, ...stayed.map((s) => `  - ${s}`)].join(
        "\n",
      ),
      1,
    );
}
