import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { Id } from "../contracts/common.ts";
import type { Keyring, SigningKey } from "../contracts/link.ts";

/**
 * Check-in codes and door links: what a guest shows at the door, and what lets a door helper check guests in.
 * Both are signed with the link keyring (HMAC-SHA256, truncated), each with its own context string, so neither
 * verifies as a link, a reply address or the other.
 *
 * A check-in code (the QR in the confirmation email and on the manage page):
 *
 *     C.<eventId>.<guestId>.<kh><mac>          C.6191hYYaN47K.PxV0o2sQm2oRkbiJ3fKbTw.Ab3kQ9…(16)
 *
 * - `C.` marks it as ours (a QR of anything else is "not a check-in code", not a forgery);
 * - the event and guest are in clear, so a door page that is offline can still say "another event", "not on
 *   this list", "already checked in" or "cancelled" from its cached list; the MAC is checked by the server when
 *   the check-in syncs, so a forged code never counts;
 * - `kh` names the key (as in reply addresses: a hash of its id), `mac` is 96 bits; no expiry: a code stays
 *   good for its event, and retiring the key retires it.
 *
 * A short code (printed under the QR, for when images are blocked or the camera fails): 8 characters of
 * Crockford base32 (`K7QM-2XPA`), 40 bits of another HMAC over the event and guest. It is looked up among the
 * event's guests (see `findByShortCode`): a code for another event or a typo finds nobody.
 *
 * A door link token: `<kid>.<eventId>.<linkId>.<expires>.<mac>` under `/door/…`. It can only check in: it names
 * no guest and no host action, and the door routes accept nothing else from it. It expires a day after the
 * event; the host can revoke it sooner by its link id, which the event keeps (core/door-link-decisions.ts).
 * Tokens made before links had ids (`<kid>.<eventId>.<expires>.<mac>`) still verify, with no id.
 */

/** Why a check-in code or a door token did not verify. */
export type CheckInCodeFailure = "malformed" | "unknown-key" | "bad-signature" | "wrong-event" | "expired";

export interface CheckInCodeClaims {
  eventId: string;
  guestId: string;
}

export type CheckInCodeVerification =
  | { ok: true; claims: CheckInCodeClaims }
  | { ok: false; reason: CheckInCodeFailure; claims?: CheckInCodeClaims };

const codeContext = "rsvp-checkin-v1\n";
const shortContext = "rsvp-checkin-short-v1\n";
const doorContext = "rsvp-door-v1\n";
const codeMacBytes = 12;
const codePattern =
  /^C\.([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{2})([A-Za-z0-9_-]{16})$/;

/** The check-in code of a guest of an event, signed with the keyring's current key. */
export function signCheckInCode(claims: CheckInCodeClaims, keyring: Keyring): string {
  const { eventId, guestId } = claims;
  if (!Id.safeParse(eventId).success || !Id.safeParse(guestId).success)
    throw new RangeError("a check-in code names an event and a guest by their ids");
  const key = keyring.current;
  return `C.${eventId}.${guestId}.${keyHint(key.kid)}${codeMac(key, eventId, guestId)}`;
}

/**
 * What a string scanned or typed at the door claims, without checking its MAC: the door page uses it offline.
 * Null when it is not a check-in code at all.
 */
export function readCheckInCode(code: string): CheckInCodeClaims | null {
  const m = code.length <= 200 ? codePattern.exec(code.trim()) : null;
  return m ? { eventId: m[1]!, guestId: m[2]! } : null;
}

/**
 * Checks a check-in code against the keyring and the event of the door it is shown at: `malformed`,
 * `unknown-key`, `bad-signature` (edited or forged), then `wrong-event` (an authentic code of another event:
 * its claims are given, so the door can say so loudly). Constant-time MAC comparison.
 */
export function verifyCheckInCode(code: string, keyring: Keyring, eventId: string): CheckInCodeVerification {
  const m = code.length <= 200 ? codePattern.exec(code.trim()) : null;
  if (!m) return { ok: false, reason: "malformed" };
  const [, codeEvent, guestId, hint, macText] = m as unknown as [string, string, string, string, string];
  const keys = [keyring.current, ...keyring.previous].filter((k) => keyHint(k.kid) === hint);
  if (keys.length === 0) return { ok: false, reason: "unknown-key" };
  const given = Buffer.from(macText, "base64url");
  if (given.length !== codeMacBytes || given.toString("base64url") !== macText)
    return { ok: false, reason: "malformed" };
  let ok = false;
  for (const key of keys)
    ok = timingSafeEqual(Buffer.from(codeMac(key, codeEvent, guestId), "base64url"), given) || ok;
  if (!ok) return { ok: false, reason: "bad-signature" };
  const claims = { eventId: codeEvent, guestId };
  if (codeEvent !== eventId) return { ok: false, reason: "wrong-event", claims };
  return { ok: true, claims };
}

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** The short code printed under the QR: `K7QM-2XPA` (with the keyring's current key). */
export function shortCheckInCode(claims: CheckInCodeClaims, keyring: Keyring): string {
  return shortCodeWith(keyring.current, claims);
}

/** A typed short code in its one spelling (upper case, no dash, O→0, I/L→1), or null when it cannot be one. */
export function normaliseShortCode(typed: string): string | null {
  const s = typed.trim().toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  return /^[0-9A-HJKMNP-TV-Z]{8}$/.test(s) ? s : null;
}

/**
 * The guest a typed short code belongs to, among an event's guests, under any key of the ring; null when none
 * (a typo, or a code of another event).
 */
export function findByShortCode<G extends { eventId: string; guestId: string }>(
  typed: string,
  guests: readonly G[],
  keyring: Keyring,
): G | null {
  const wanted = normaliseShortCode(typed);
  if (!wanted) return null;
  const keys = [keyring.current, ...keyring.previous];
  for (const guest of guests)
    for (const key of keys) if (shortCodeWith(key, guest).replace("-", "") === wanted) return guest;
  return null;
}

function shortCodeWith(key: SigningKey, { eventId, guestId }: CheckInCodeClaims): string {
  const digest = createHmac("sha256", Buffer.from(key.secret, "base64url"))
    .update(`${shortContext}${key.kid}\n${eventId}\n${guestId}`)
    .digest();
  let bits = 0n;
  for (const byte of digest.subarray(0, 5)) bits = (bits << 8n) | BigInt(byte);
  let out = "";
  for (let i = 7; i >= 0; i -= 1) out += crockford[Number((bits >> BigInt(i * 5)) & 31n)];
  return `${out.slice(0, 4)}-${out.slice(4)}`;
}

// ——— door links ———

export interface DoorClaims {
  eventId: string;
  /** The link stops working at this instant (a day after the event ends). */
  expiresAt: string;
  /** The link's id, by which the host revokes it; absent in a token made before links had ids. */
  linkId?: string;
}

export type DoorVerification = { ok: true; claims: DoorClaims } | { ok: false; reason: CheckInCodeFailure };

const doorPattern =
  /^([A-Za-z0-9_-]{1,16})\.([A-Za-z0-9_-]{1,64})\.(?:([A-Za-z0-9_-]{8,24})\.)?([0-9a-z]{1,11})\.([A-Za-z0-9_-]{22})$/;
const doorLinkIdPattern = /^[A-Za-z0-9_-]{8,24}$/;

/** How long after the event's end a door link still works (late arrivals, an offline queue that syncs late). */
export const doorLinkGraceMs = 24 * 3_600_000;

/** A door link token for an event, signed with the keyring's current key. */
export function signDoorToken(claims: DoorClaims, keyring: Keyring): string {
  if (!Id.safeParse(claims.eventId).success) throw new RangeError("a door link names an event by its id");
  const ms = Date.parse(claims.expiresAt);
  if (!(ms >= 0)) throw new RangeError(`a door link expiry must be an instant: ${claims.expiresAt}`);
  if (claims.linkId !== undefined && !doorLinkIdPattern.test(claims.linkId))
    throw new RangeError("a door link id is 8 to 24 letters, digits, - or _");
  const key = keyring.current;
  const id = claims.linkId !== undefined ? `${claims.linkId}.` : "";
  const payload = `${key.kid}.${claims.eventId}.${id}${ms.toString(36)}`;
  return `${payload}.${doorMac(key, payload)}`;
}

/** Checks a door token: its shape, key and MAC, then its expiry at `now`. */
export function verifyDoorToken(token: string, keyring: Keyring, now: Date): DoorVerification {
  const m = token.length <= 160 ? doorPattern.exec(token) : null;
  if (!m) return { ok: false, reason: "malformed" };
  const [, kid, eventId, linkId, expires, macText] = m as unknown as [
    string,
    string,
    string,
    string | undefined,
    string,
    string,
  ];
  const key = [keyring.current, ...keyring.previous].find((k) => k.kid === kid);
  if (!key) return { ok: false, reason: "unknown-key" };
  const payload = `${kid}.${eventId}.${linkId !== undefined ? `${linkId}.` : ""}${expires}`;
  const given = Buffer.from(macText, "base64url");
  if (given.toString("base64url") !== macText) return { ok: false, reason: "malformed" };
  if (!timingSafeEqual(Buffer.from(doorMac(key, payload), "base64url"), given))
    return { ok: false, reason: "bad-signature" };
  const expiresMs = Number.parseInt(expires, 36);
  if (now.getTime() >= expiresMs) return { ok: false, reason: "expired" };
  const expiresAt = new Date(expiresMs).toISOString();
  return { ok: true, claims: { eventId, expiresAt, ...(linkId !== undefined ? { linkId } : {}) } };
}

function keyHint(kid: string): string {
  return createHash("sha256").update(`rsvp-kid\n${kid}`).digest("base64url").slice(0, 2);
}

function codeMac(key: SigningKey, eventId: string, guestId: string): string {
  return createHmac("sha256", Buffer.from(key.secret, "base64url"))
    .update(`${codeContext}${key.kid}\n${eventId}\n${guestId}`)
    .digest()
    .subarray(0, codeMacBytes)
    .toString("base64url");
}

function doorMac(key: SigningKey, payload: string): string {
  return createHmac("sha256", Buffer.from(key.secret, "base64url"))
    .update(doorContext + payload)
    .digest()
    .subarray(0, 16)
    .toString("base64url");
}
