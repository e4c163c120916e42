import { createHash } from "node:crypto";
import type { Command } from "../contracts/command.ts";
import type { Outcome } from "../contracts/outcome.ts";
import type { BatchDraft } from "./batch-draft.ts";

/**
 * Confirming an address before a seat is asked for (`settings.verifyEmail`). A web registration becomes a
 * `verify-address` command: the keeper records it on the event row (as a daily summary is recorded: the change
 * is what the messenger acts on) and the messenger emails the address a signed link. The link carries the
 * registration itself (`verificationPayload`), and its signed guest field is the payload's digest, so nothing
 * is stored for an address nobody confirms: an unpressed link simply expires. Pressing it sends the
 * registration, under the id its status page already shows.
 */

type CommandOf<T extends Command["type"]> = Extract<Command, { type: T }>;

/** A registration as its confirmation link carries it. */
export interface PendingRegistration {
  name: string;
  email: string;
  party: number;
  registrationId: string;
}

/** The registration as a URL-safe text (base64url JSON), for the confirmation link's query. */
export function verificationPayload(r: PendingRegistration): string {
  return Buffer.from(JSON.stringify([r.name, r.email, r.party, r.registrationId])).toString("base64url");
}

/** The registration a confirmation link's query carries, or null when it is not one. */
export function readVerificationPayload(payload: string): PendingRegistration | null {
  try {
    const [name, email, party, registrationId] = JSON.parse(
      Buffer.from(payload, "base64url").toString("utf8"),
    );
    if (typeof name !== "string" || typeof email !== "string" || typeof registrationId !== "string")
      return null;
    if (typeof party !== "number") return null;
    return { name, email, party, registrationId };
  } catch {
    return null;
  }
}

/**
 * What the confirmation link signs in its guest field: a digest of the event and the payload, so the payload
 * cannot be changed (another address, another name) without the signature failing.
 */
export function verificationDigest(eventId: string, payload: string): string {
  return createHash("sha256").update(`verify\n${eventId}\n${payload}`).digest("base64url").slice(0, 43);
}

/** How long a confirmation link works (at most until the event starts). */
export const verificationHours = 24;

/** A registration held for its address: recorded for the messenger, unless registration is closed. */
export function decideVerifyAddress(draft: BatchDraft, command: CommandOf<"verify-address">): Outcome {
  if (!draft.event.registrationOpen) return { kind: "refused", reason: "registration-closed" };
  if (draft.started) return { kind: "refused", reason: "event-started" };
  const { name, email, party, registrationId } = command;
  draft.changeEvent(command, { patch: {}, detail: { verification: { name, email, party, registrationId } } });
  return { kind: "verification-sent" };
}
