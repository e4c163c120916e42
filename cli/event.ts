import type { Command } from "commander";
import { headcountOf } from "../contracts/event.ts";
import { renewHostLink } from "../core/host-link.ts";
import type { AwsClientsFactory } from "./aws-options.ts";
import { type DeploymentOptions, findEvent, withDeployment } from "./deployment.ts";
import { CliError } from "./errors.ts";
import { registerCreate } from "./event-create.ts";
import { registerEdit } from "./event-edit-command.ts";
import { addDeploymentOptions, noBaseUrlNote } from "./options.ts";
import { eventStart, printJson, printLines, table } from "./output.ts";

/** `rsvp event …`: create, list, edit an event, and renew its host link. */
export function registerEventCommands(program: Command, aws: AwsClientsFactory | undefined): void {
  const event = program.command("event").description("create, list and edit events; renew a host link");
  registerCreate(event, aws);
  registerList(event, aws);
  registerEdit(event, aws);
  registerHostLink(event, aws);
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
