import { readFileSync } from "node:fs";
import { type Command, Option } from "commander";
import { inboundEnv } from "../adapters/local/smtp-listener.ts";
import { Id } from "../contracts/common.ts";
import { decideReply } from "../producers/email/inbound-mail.ts";
import type { DmarcVerdict } from "../producers/email/sender-auth.ts";
import { CliError } from "./errors.ts";
import { jsonOption } from "./options.ts";
import { printJson, printLines, table } from "./output.ts";

interface ParseOptions {
  event?: string;
  inboundDomain?: string;
  dmarc?: DmarcVerdict;
  json?: boolean;
}

function readMessage(path: string): Buffer {
  try {
    return readFileSync(path === "-" ? 0 : path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read ${path}${code ? ` (${code})` : ""}`);
  }
}

/** `rsvp mail parse FILE`: what the email-reply lane would make of one raw message, applied to nothing. */
export function registerMailCommands(program: Command): void {
  const mail = program.command("mail").description("the email-reply lane: inspect received messages");
  mail
    .command("parse")
    .description("print what the email-reply lane would do with one raw message (nothing is applied)")
    .argument("<file>", "the raw message (.eml, RFC 5322), or - for standard input")
    .option("--event <id>", "the event to assume when the message names none (for messages from elsewhere)")
    .addOption(
      new Option("--inbound-domain <domain>", "domain of the RSVP mailbox, to read rsvp+EVENT@domain").env(
        inboundEnv.domain,
      ),
    )
    .addOption(
      new Option(
        "--dmarc <verdict>",
        "the receiving side's DMARC verdict to assume (a file carries none): only a pass is ever answered",
      )
        .choices(["pass", "fail", "none"])
        .default("none"),
    )
    .addOption(jsonOption())
    .addHelpText(
      "after",
      `
Prints action (register | cancel | unclear | drop), email, name, eventId, reason and what the decision rests on.
The event comes from the rsvp+EVENT@domain address the message went to, from a Message-ID of ours it replies
to, or from --event. Whether that event exists is not checked (the data dir is not read), and the answer to
a message naming no event (given only to an authenticated sender: --dmarc pass) is shown, not sent. Whether a
register or cancel would act is not decided here either: only a reply to a guest's signed reply address acts
(docs/email-trust.md).

With --json, prints one line: {"action","email","name","eventId","reason","detail","messageId","subject",
"autoReply":{"to","subject"}|null}`,
    )
    .action(async (path: string, o: ParseOptions) => {
      if (o.event !== undefined && !Id.safeParse(o.event).success)
        throw new CliError(`"${o.event}" is not an event id`);
      const d = await decideReply(readMessage(path), {
        rsvp: o.inboundDomain ? { domain: o.inboundDomain } : null,
        defaultEventId: o.event,
        dmarc: o.dmarc ?? "none",
      });
      const autoReply =
        d.action === "drop" && d.autoReply ? { to: d.autoReply.to, subject: d.autoReply.subject } : null;
      if (o.json) {
        const { action, email, name, eventId, reason, detail, messageId, subject } = d;
        printJson({ action, email, name, eventId, reason, detail, messageId, subject, autoReply });
        return;
      }
      const rows = [
        ["action", d.action],
        ["email", d.email ?? "-"],
        ["name", d.name ?? "-"],
        ["eventId", d.eventId ?? "-"],
        ["reason", d.reason],
        ["detail", d.detail ?? "-"],
        ["messageId", d.messageId],
        ["subject", d.subject],
        ...(autoReply ? [["answer", `to ${autoReply.to}: "${autoReply.subject}" (not sent)`]] : []),
      ];
      // The header line and its underline are dropped: a two-column list reads better without them.
      printLines(table(["", ""], rows).split("\n").slice(2).join("\n"));
    });
}
