import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline/promises";
import type { Command } from "commander";
import type { EventRecord } from "../contracts/event.ts";
import { headcountOf } from "../contracts/event.ts";
import { renewHostLink } from "../core/host-link.ts";
import { hostCommand } from "../producers/host/host-commands.ts";
import { type AwsClientsFactory, awsOption, stackOption } from "./aws-options.ts";
import { type Deployment, type DeploymentOptions, withDeployment } from "./deployment.ts";
import { CliError } from "./errors.ts";
import { addDetailsOptions } from "./event-details.ts";
import { type EditOptions, planEdit, settingsInputOf } from "./event-edit.ts";
import { type CreatedEvent, createEvent, type EventInput, validateEventInput } from "./new-event.ts";
import { addDeploymentOptions, dataOption, noBaseUrlNote } from "./options.ts";
import { eventStart, printJson, printLines, table } from "./output.ts";
import { addTrustOptions } from "./trust-options.ts";

interface CreateOptions extends DeploymentOptions, EditOptions {
  webStack: string;
  name: string;
  startsAt: string;
  tz: string;
  capacity: string;
  baseUrl?: string;
  json?: boolean;
  maxParty?: string;
  smallerPartiesFirst?: boolean;
}

/** The event, or a message naming what was looked for and where (and where to look it up). */
async function findEvent(deployment: Deployment, eventId: string): Promise<EventRecord> {
  const event = await (await deployment.guestStore()).getEvent(eventId);
  if (!event) throw new CliError(`no event "${eventId}" in ${deployment.where} (see rsvp event list)`);
  return event;
}

/** `rsvp event …`: create, list, edit an event, and renew its host link. */
export function registerEventCommands(program: Command, aws: AwsClientsFactory | undefined): void {
  const event = program.command("event").description("create, list and edit events; renew a host link");
  registerCreate(event, aws);
  registerList(event, aws);
  registerEdit(event, aws);
  registerHostLink(event, aws);
}

function registerCreate(event: Command, aws: AwsClientsFactory | undefined): void {
  const create = event
    .command("create")
    .description("create an event and print its register link and its host link (shown only once)")
    .addOption(dataOption())
    .requiredOption("--name <name>", "the event's name, 1 to 200 characters")
    .requiredOption("--starts-at <local>", "start, wall-clock time in --tz, e.g. 2026-12-24T19:00")
    .option("--ends <local>", "end, wall-clock time in --tz (default: 2 hours after the start)")
    .requiredOption("--tz <zone>", "IANA time zone, e.g. Europe/Berlin")
    .requiredOption("--capacity <seats>", "seats, a whole number from 0 to 100000")
    .option(
      "--host-email <address>",
      "the host's address: the daily summary goes there, and guests' replies unless --reply-to",
    )
    .option("--summary-days <n>", "days before the event the daily summary starts, 0 for none (default 7)")
    .option("--claim-window <hours>", "how long an offered seat is held for the guest to claim (default 6)")
    .option(
      "--quiet-hours <from-to>",
      'no reminders or offers between these local times (default 21:00-08:00; "off")',
    )
    .option("--reminders <list>", "which reminders to send: week,day,morning (default) or none")
    .option("--questions <file>", "questions on the register form: a JSON file (see docs/questions.md)")
    .option("--night-offers", "let an offer out at night when waiting for morning would cut its claim window")
    .option(
      "--max-party <seats>",
      "the most seats one registration may ask for, the guest included (default 1)",
    )
    .option(
      "--smaller-parties-first",
      "when freed seats are too few for the first party in line, offer them to the first party that fits",
    )
    .option(
      "--thank-you <mode>",
      "the thank-you note after the event: auto (sent as drafted, default), approve (you approve it) or off",
    )
    .option(
      "--approval",
      "registrations wait for your approval (rsvp host approve|decline); see docs/approval.md",
    )
    .option("--no-hide-location", "with --approval: show the place to guests before you approve them")
    .option("--reconfirm <days>", 'ask confirmed guests "still coming?" this many days before (or "off")')
    .option("--reconfirm-release", "with --reconfirm: guests who do not answer in time lose their seats")
    .option("--reconfirm-hours <hours>", "with --reconfirm: how long guests have to answer (default 24)");
  addTrustOptions(create, false);
  addDeploymentOptions(addDetailsOptions(create, false), {
    data: false,
    links: true,
    json: true,
    webStack: true,
  })
    .addHelpText(
      "after",
      `
With --json, prints exactly one line:
  {"eventId":…,"hostToken":…,"registerPath":"/e/<id>","hostPath":"/h/<token>","registerUrl":…,"hostUrl":…,…}
The host token is stored only as a hash: this is the only time it is shown (rsvp event host-link makes a new one).
Without --base-url (or RSVP_BASE_URL) the URLs are null and the paths are printed with a note.

With --aws, the event is created in the deployed stack's guest table, and the links start at --base-url or
else the web app's address (the WebUrl output of --web-stack).

Example:
  rsvp event create --name "Winter party" --starts-at 2026-12-24T19:00 --ends 2026-12-24T23:00 \\
    --tz Europe/Berlin --capacity 40 --location "Café Lima" --address "Hauptstraße 1, Berlin" \\
    --host-name "Ana Lima" --host-email ana@example.org --description-file party.txt --language de`,
    )
    .action(async (o: CreateOptions) => {
      const input: EventInput = {
        name: o.name,
        startsAt: o.startsAt,
        endsAt: o.ends,
        timeZone: o.tz,
        capacity: o.capacity,
        ...settingsInputOf(o),
        details: o,
        maxParty: o.maxParty,
        smallerPartiesFirst: o.smallerPartiesFirst,
      };
      // Every problem with the input is reported before a store or AWS is asked anything.
      validateEventInput(input, new Date());
      // The data dir may be new: creating the first event is how a host starts one without `rsvp start`.
      await withDeployment(
        o,
        aws,
        async (deployment) => {
          const base = await deployment.linkBase(o);
          // The port's createEvent: the event and its host-token lookup in one transaction.
          printCreated(await createEvent(await deployment.guestStore(), input, new Date()), base, o.json);
        },
        { create: true },
      );
    });
}

function printCreated(created: CreatedEvent, base: string | null, json: boolean | undefined): void {
  const { event: e } = created;
  const url = (path: string) => (base === null ? null : `${base}${path}`);
  if (json) {
    printJson({
      eventId: e.eventId,
      name: e.name,
      startsAt: e.startsAt,
      endsAt: e.endsAt,
      timeZone: e.timeZone,
      capacity: e.capacity,
      settings: e.settings,
      details: e.details,
      hostToken: created.hostToken,
      registerPath: created.registerPath,
      hostPath: created.hostPath,
      registerUrl: url(created.registerPath),
      hostUrl: url(created.hostPath),
    });
    return;
  }
  printLines(
    `Created "${e.name}" (event ${e.eventId}): ${eventStart(e)}, ${e.capacity} seats`,
    `  register: ${url(created.registerPath) ?? created.registerPath}`,
    `  host:     ${url(created.hostPath) ?? created.hostPath}`,
    "The host link is shown only now (the database keeps only a hash of it): keep it somewhere safe.",
    ...(base === null ? [noBaseUrlNote] : []),
  );
}

interface ListOptions extends DeploymentOptions {
  json?: boolean;
}

function registerList(event: Command, aws: AwsClientsFactory | undefined): void {
  const list = event.command("list").description("list every event with its headcount, oldest first");
  addDeploymentOptions(list, { json: true })
    .addHelpText(
      "after",
      `
With --json, prints exactly one line: an array of
  {"eventId","name","startsAt","endsAt","timeZone","capacity","confirmed","offered","waitlisted","open","registrationOpen",
   "reconfirm"}  (reconfirm: null, or {"daysBefore","onNoAnswer","answerHours"}: docs/reconfirm.md)`,
    )
    .action((o: ListOptions) =>
      withDeployment(o, aws, async (deployment) => {
        const events = await (await deployment.guestStore()).listEvents();
        if (o.json) {
          printJson(
            events.map((e) => ({
              ...headcountOf(e),
              endsAt: e.endsAt ?? null,
              reconfirm: e.settings.reconfirm ?? null,
            })),
          );
          return;
        }
        if (events.length === 0) {
          printLines("No events yet: rsvp event create makes one.");
          return;
        }
        printLines(
          table(
            ["EVENT", "NAME", "STARTS", "CAPACITY", "CONFIRMED", "WAITLISTED", "REGISTRATION"],
            events.map((e) => [
              e.eventId,
              e.name,
              eventStart(e),
              String(e.capacity),
              String(e.confirmed),
              String(e.waitlisted),
              e.registrationOpen ? "open" : "closed",
            ]),
          ),
        );
      }),
    );
}

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

function registerEdit(event: Command, aws: AwsClientsFactory | undefined): void {
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
      withDeployment(o, aws, async (deployment) => {
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
          ...(plan.changed.length > 0
            ? [hostCommand({ type: "edit-event", changes: plan.changes }, meta())]
            : []),
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
      }),
    );
}

interface HostLinkOptions extends DeploymentOptions {
  webStack: string;
  baseUrl?: string;
  json?: boolean;
}

function registerHostLink(event: Command, aws: AwsClientsFactory | undefined): void {
  const hostLink = event
    .command("host-link")
    .description("make a new host link for an event (the old one stops working at once) and print it")
    .argument("<event>", "event id (see rsvp event list)");
  addDeploymentOptions(hostLink, { links: true, json: true, webStack: true })
    .addHelpText(
      "after",
      `
For a host who lost their link, or whose link reached someone it should not have. Only a hash of the token is
kept: the new link is shown this once. With --json: {"eventId","hostToken","hostPath","hostUrl"}.`,
    )
    .action((eventId: string, o: HostLinkOptions) =>
      withDeployment(o, aws, async (deployment) => {
        await findEvent(deployment, eventId);
        // Read before the link is renewed: a missing web stack must not cost the host their working link.
        const base = await deployment.linkBase(o);
        const renewed = await renewHostLink(await deployment.guestStore(), eventId, new Date());
        if (!renewed) throw new CliError(`no event "${eventId}" in ${deployment.where}`);
        const hostUrl = base === null ? null : `${base}${renewed.hostPath}`;
        if (o.json) {
          printJson({ ...renewed, hostUrl });
          return;
        }
        printLines(
          `New host link for event ${eventId} (the old one no longer works):`,
          `  host: ${hostUrl ?? renewed.hostPath}`,
          "It is shown only now: keep it somewhere safe.",
          ...(base === null ? [noBaseUrlNote] : []),
        );
      }),
    );
}
