import type { Command } from "commander";
import { MAX_RETENTION_DAYS } from "../contracts/settings.ts";

/** The privacy settings as typed (`rsvp event create` and `rsvp event edit`); see docs/privacy.md. */
export interface TrustOptions {
  /** Days after the end when guest data is erased, or "off". */
  retentionDays?: string;
  verifyEmail?: boolean;
  ignorePlusTags?: boolean;
}

/** Adds the privacy settings' options; `edit` adds the `--no-…` forms that turn a setting off again. */
export function addTrustOptions(command: Command, edit: boolean): Command {
  command
    .option(
      "--retention-days <days>",
      `erase guests' names and addresses this many days after the event's end (1 to ${MAX_RETENTION_DAYS}, or "off": kept, the default)`,
    )
    .option("--verify-email", "hold each web registration until its address is confirmed by an emailed link")
    .option("--ignore-plus-tags", "treat ana+tag@example.org as the same guest as ana@example.org");
  if (edit)
    command
      .option("--no-verify-email", "seat web registrations without confirming the address first")
      .option("--no-ignore-plus-tags", "treat each +tag of an address as an address of its own");
  return command;
}

/** The privacy settings for the settings contract (raw, checked by it): only what was typed. */
export function trustSettingsOf(o: TrustOptions): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  if (o.retentionDays !== undefined) {
    const text = o.retentionDays.trim();
    raw.retentionDays = text === "off" ? null : /^\d+$/.test(text) ? Number(text) : text;
  }
  if (o.verifyEmail !== undefined) raw.verifyEmail = o.verifyEmail;
  if (o.ignorePlusTags !== undefined) raw.ignorePlusTags = o.ignorePlusTags;
  return raw;
}
