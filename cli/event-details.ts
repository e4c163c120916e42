import { readFileSync } from "node:fs";
import { type Command, Option } from "commander";
import { accents } from "../contracts/accent.ts";
import { EventDetails } from "../contracts/event.ts";
import { CliError } from "./errors.ts";

/**
 * The event-detail options `rsvp event create` and `rsvp event edit` share: where, what, who and which
 * language and colour, and the sites that may embed the register form. As typed on the command line; checked against the
 * contract by `detailsOf` (create) and cli/event-edit.ts (edit), each problem naming its option.
 */
export interface DetailsOptions {
  location?: string;
  address?: string;
  onlineUrl?: string;
  onlineUrlConfirmedOnly?: boolean;
  description?: string;
  descriptionFile?: string;
  hostName?: string;
  replyTo?: string;
  language?: string;
  accent?: string;
  embedOrigin?: string[];
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** Adds the detail options to a command (`clearable`: edit's help says how to clear a field). */
export function addDetailsOptions(command: Command, clearable: boolean): Command {
  const clear = clearable ? ' ("" clears it)' : "";
  return command
    .option("--location <place>", `the place's name, e.g. "Café Lima"${clear}`)
    .option("--address <address>", `the street address, shown with a map link${clear}`)
    .option("--online-url <url>", `the link to join online (https://…)${clear}`)
    .addOption(new Option("--online-url-confirmed-only", "show the online link only to confirmed guests"))
    .option("--description <text>", "what guests should know: plain text, blank lines between paragraphs")
    .option("--description-file <path>", "read the description from a file (- for standard input)")
    .option("--host-name <name>", `the host's name guests see ("Hosted by …")${clear}`)
    .option("--reply-to <address>", `where guests' replies go (default: --host-email)${clear}`)
    .option("--language <code>", "the language of the event's pages and emails: en or de")
    .option("--accent <colour>", `the colour of the event's pages and emails: ${accents.join(", ")}`)
    .option(
      "--embed-origin <origin>",
      `a site allowed to embed the register form, e.g. https://ana.example (repeat for more${clearable ? '; "none" for none' : ""})`,
      collect,
    );
}

/** The description from --description or --description-file (a path, or - for standard input). */
export function descriptionOf(o: DetailsOptions): string | undefined {
  if (o.description !== undefined && o.descriptionFile !== undefined)
    throw new CliError("give --description or --description-file, not both");
  if (o.descriptionFile === undefined) return o.description;
  try {
    return readFileSync(o.descriptionFile === "-" ? 0 : o.descriptionFile, "utf8");
  } catch (error) {
    throw new CliError(`cannot read --description-file ${o.descriptionFile}: ${(error as Error).message}`);
  }
}

/** Contract field → the option that sets it, for problem messages. */
export const detailFlags: Record<string, string> = {
  place: "--location",
  address: "--address",
  onlineUrl: "--online-url",
  description: "--description",
  hostName: "--host-name",
  hostReplyTo: "--reply-to",
  language: "--language (en or de)",
  accent: "--accent",
  embedOrigins: "--embed-origin",
  name: "--name",
  startsAt: "--starts-at",
  endsAt: "--ends",
  timeZone: "--tz",
};

/** A contract issue as a line naming the option (`location.place` → --location). */
export function issueLine(path: readonly PropertyKey[], message: string): string {
  const key = [...path].reverse().find((p) => typeof p === "string" && detailFlags[p] !== undefined);
  return `${key ? detailFlags[key as string] : path.join(".") || "input"}: ${message}`;
}

/** The details of a new event, checked against the contract; each problem is added to `problems`. */
export function detailsOf(o: DetailsOptions, problems: string[]): EventDetails {
  const raw = {
    description: descriptionOf(o),
    location: {
      place: o.location,
      address: o.address,
      onlineUrl: o.onlineUrl,
      onlineUrlConfirmedOnly: o.onlineUrlConfirmedOnly ?? false,
    },
    hostName: o.hostName,
    hostReplyTo: o.replyTo,
    language: o.language?.trim(),
    accent: o.accent?.trim(),
  };
  const parsed = EventDetails.safeParse(raw);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) problems.push(issueLine(issue.path, issue.message));
  return EventDetails.parse({});
}
