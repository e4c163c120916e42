import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline/promises";
import type { Command } from "commander";
import { hostCommand } from "../producers/host/host-commands.ts";
import { type AwsClientsFactory, awsOption, stackOption } from "./aws-options.ts";
import { type Deployment, type DeploymentOptions, findEvent, withDeployment } from "./deployment.ts";
import { CliError } from "./errors.ts";
import { addDetailsOptions } from "./event-details.ts";
import { type EditOptions, planEdit } from "./event-edit.ts";
import { dataOption } from "./options.ts";
import { printLines } from "./output.ts";
import { addTrustOptions } from "./trust-options.ts";

interface EditCommandOptions extends EditOptions, DeploymentOptions {
  yes?: boolean;
}

/** Asks on the terminal; false when the answer is not yes. */
async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^(y|yes)$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

/** `rsvp event edit`: only what is given changes, as host commands the keeper applies (asks before a move). */
export function registerEdit(event: Command, aws: AwsClientsFactory | undefined): void {
  const edit = event
    .command("edit")
    .description(
      "change an event's details and settings (guests are emailed when date, time or place change)",
    )
    .argument("<event>", "event id (see rsvp event list)")
    .addOption(dataOption())
    .option("--name <name>", "the event's name")
    .option("--starts-at <local>", "new start, wall-clock time in --tz or the event's zone")
    .option("--ends <local>", "new end (default: the start moves and the event keeps its length)")
    .option("--tz <zone>", "new IANA time zone (alone, it keeps the wall-clock times)")
    .option(
      "--capacity <seats>",
      "seats (lowering it takes no seat away; raising it offers seats to the line)",
    )
    .option("--host-email <address>", 'the host\'s address for the daily summary and replies ("" clears it)')
    .option("--summary-days <n>", "days before the event the daily summary starts, 0 for none")
    .option("--claim-window <hours>", "how long an offered seat is held for the guest to claim")
    .option("--quiet-hours <from-to>", 'no reminders or offers between these local times ("off" for none)')
    .option(
      "--reminders <list>",
      "which reminders to send to guests confirmed from now on: week,day,morning or none",
    )
    .option("--night-offers", "let an offer out at night when waiting would cut its claim window")
    .option("--no-night-offers", "hold offers until the quiet hours end")
    .option("--thank-you <mode>", "the thank-you note: auto, approve or off")
    .option(
      "--questions <file>",
      "replace the form's questions with a JSON file's (docs/questions.md); \"none\" for none",
    )
    .option("--approval", "registrations wait for your approval from now on")
    .option("--no-approval", "registrations get a seat or the waitlist at once (waiting requests stay)")
    .option("--hide-location", "with approval: show the place only to guests you approved")
    .option("--no-hide-location", "with approval: show the place to everyone")
    .option("--reconfirm <days>", 'ask confirmed guests "still coming?" this many days before (or "off")')
    .option("--reconfirm-release", "with --reconfirm: guests who do not answer in time lose their seats")
    .option("--reconfirm-hours <hours>", "with --reconfirm: how long guests have to answer (default 24)");
  addTrustOptions(edit, true);
  addDetailsOptions(edit, true)
    .option("--no-online-url-confirmed-only", "show the online link to everyone")
    .option("--yes", "do not ask before emailing guests about a new date, time or place")
    .addOption(awsOption())
    .addOption(stackOption())
    .addHelpText(
      "after",
      `
Only what you give changes. The edit is a host command the keeper applies (audited, like the host page's).
Changing the date, time or place of an event with guests emails every confirmed, offered and waitlisted guest
(confirmed guests get the updated calendar entry); it asks first, unless --yes.

Examples:
  rsvp event edit EVENT --location "Park Café" --address "Parkweg 2, Berlin"
  rsvp event edit EVENT --starts-at 2026-12-26T19:00 --yes
  rsvp event edit EVENT --description-file party.txt --host-name "Ana Lima"`,
    )
    .action((eventId: string, o: EditCommandOptions) =>
      withDeployment(o, aws, (deployment) => editEvent(deployment, eventId, o)),
    );
}

/** Plans the edit, asks before guests are told of a move, and queues the host commands. */
async function editEvent(deployment: Deployment, eventId: string, o: EditCommandOptions): Promise<void> {
  const current = await findEvent(deployment, eventId);
  const plan = planEdit(current, o, new Date());
  if (plan.changed.length === 0 && plan.capacity === null) {
    printLines(`Nothing to change: "${current.name}" already is as given.`);
    return;
  }
  const guests = current.confirmed + current.offered + current.waitlisted;
  if (plan.moved && guests > 0 && !o.yes) {
    const question = `The date, time or place of "${current.name}" changes: ${guests} guest seat(s) (confirmed, offered and waitlisted) will be emailed. Go ahead?`;
    if (!process.stdin.isTTY)
      throw new CliError(`${question.replace(/ Go ahead\?$/, "")} Add --yes to do that.`, 1);
    if (!(await confirm(question))) throw new CliError("nothing changed", 1);
  }
  const meta = () => ({ eventId, commandId: randomUUID(), issuedAt: new Date() });
  const commands = [
    ...(plan.changed.length > 0 ? [hostCommand({ type: "edit-event", changes: plan.changes }, meta())] : []),
    ...(plan.capacity !== null
      ? [hostCommand({ type: "set-capacity", capacity: plan.capacity }, meta())]
      : []),
  ];
  await (await deployment.commandQueue()).send(commands);
  const what = [
    ...plan.changed,
    ...(plan.capacity !== null ? [`capacity ${current.capacity} → ${plan.capacity}`] : []),
  ];
  printLines(
    `queued: edit of "${current.name}": ${what.join(", ")} (command ${commands[0]!.commandId})`,
    ...(plan.moved && guests > 0
      ? ["Every confirmed, offered and waitlisted guest will be emailed the change."]
      : []),
    `Queued: ${deployment.queueing.appliedBy}.`,
  );
}
