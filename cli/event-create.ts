import type { Command } from "commander";
import type { AwsClientsFactory } from "./aws-options.ts";
import { type DeploymentOptions, withDeployment } from "./deployment.ts";
import { addDetailsOptions } from "./event-details.ts";
import { type EditOptions, settingsInputOf } from "./event-edit.ts";
import { type CreatedEvent, createEvent, type EventInput, validateEventInput } from "./new-event.ts";
import { addDeploymentOptions, dataOption, noBaseUrlNote } from "./options.ts";
import { eventStart, printJson, printLines } from "./output.ts";
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

/** `rsvp event create`: the options, every check before a store is asked, and the links printed once. */
export function registerCreate(event: Command, aws: AwsClientsFactory | undefined): void {
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
    .action((o: CreateOptions) => createAction(o, aws));
}

/** Checks every input first, then creates the event and prints its links. */
async function createAction(o: CreateOptions, aws: AwsClientsFactory | undefined): Promise<void> {
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
