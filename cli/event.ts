import type { Command } from "commander";
import { type AwsClientsFactory, awsOption, stackOption, webStackOption } from "./aws-options.ts";
import { type DeploymentOptions, withDeployment } from "./deployment.ts";
import { type CreatedEvent, createEvent, type EventInput, validateEventInput } from "./new-event.ts";
import { baseUrlOption, dataOption, jsonOption } from "./options.ts";
import { eventStart, printJson, printLines } from "./output.ts";

interface CreateOptions extends DeploymentOptions {
  webStack: string;
  name: string;
  startsAt: string;
  ends?: string;
  tz: string;
  capacity: string;
  baseUrl?: string;
  json?: boolean;
  hostEmail?: string;
  claimWindow?: string;
  quietHours?: string;
  nightOffers?: boolean;
  summaryDays?: string;
  reminders?: string;
  thankYou?: string;
}

/** `rsvp event create`: a new event, its register link and its one-time host link. */
export function registerEventCommands(program: Command, aws: AwsClientsFactory | undefined): void {
  const event = program.command("event").description("manage events");

  event
    .command("create")
    .description("create an event and print its register link and its host link (shown only once)")
    .addOption(dataOption())
    .requiredOption("--name <name>", "the event's name, 1 to 200 characters")
    .requiredOption("--starts-at <local>", "start, wall-clock time in --tz, e.g. 2026-12-24T19:00")
    .option("--ends <local>", "end, wall-clock time in --tz (default: 2 hours after the start)")
    .requiredOption("--tz <zone>", "IANA time zone, e.g. Europe/Berlin")
    .requiredOption("--capacity <seats>", "seats, a whole number from 0 to 100000")
    .option("--host-email <address>", "where the daily summary goes in the run-up (none without it)")
    .option("--summary-days <n>", "days before the event the daily summary starts, 0 for none (default 7)")
    .option("--claim-window <hours>", "how long an offered seat is held for the guest to claim (default 6)")
    .option(
      "--quiet-hours <from-to>",
      'no reminders or offers between these local times (default 21:00-08:00; "off")',
    )
    .option("--reminders <list>", "which reminders to send: week,day,morning (default) or none")
    .option("--night-offers", "let an offer out at night when waiting for morning would cut its claim window")
    .option(
      "--thank-you <mode>",
      "the thank-you note after the event: auto (sent as drafted, default), approve (you approve it) or off",
    )
    .addOption(baseUrlOption())
    .addOption(jsonOption())
    .addOption(awsOption())
    .addOption(stackOption())
    .addOption(webStackOption())
    .addHelpText(
      "after",
      `
With --json, prints exactly one line:
  {"eventId":…,"hostToken":…,"registerPath":"/e/<id>","hostPath":"/h/<token>","registerUrl":…,"hostUrl":…,…}
The host token is stored only as a hash: this is the only time it is shown.

With --aws, the event is created in the deployed stack's guest table, and the links start at --base-url or
else the web app's address (the WebUrl output of --web-stack).

Example:
  rsvp event create --name "Winter party" --starts-at 2026-12-24T19:00 --tz Europe/Berlin --capacity 40`,
    )
    .action(async (o: CreateOptions) => {
      const input: EventInput = {
        name: o.name,
        startsAt: o.startsAt,
        endsAt: o.ends,
        timeZone: o.tz,
        capacity: o.capacity,
        hostEmail: o.hostEmail,
        claimWindowHours: o.claimWindow,
        quietHours: o.quietHours,
        allowNightOffers: o.nightOffers,
        summaryDays: o.summaryDays,
        reminders: o.reminders,
        thankYou: o.thankYou,
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

function printCreated(created: CreatedEvent, base: string, json: boolean | undefined): void {
  const { event: e } = created;
  if (json) {
    printJson({
      eventId: e.eventId,
      name: e.name,
      startsAt: e.startsAt,
      endsAt: e.endsAt,
      timeZone: e.timeZone,
      capacity: e.capacity,
      settings: e.settings,
      hostToken: created.hostToken,
      registerPath: created.registerPath,
      hostPath: created.hostPath,
      registerUrl: `${base}${created.registerPath}`,
      hostUrl: `${base}${created.hostPath}`,
    });
    return;
  }
  printLines(
    `Created "${e.name}" (event ${e.eventId}): ${eventStart(e)}, ${e.capacity} seats`,
    `  register: ${base}${created.registerPath}`,
    `  host:     ${base}${created.hostPath}`,
    "The host link is shown only now (the database keeps only a hash of it): keep it somewhere safe.",
  );
}
