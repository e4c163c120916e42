import { createHash, createHmac, createSecretKey, type KeyObject, timingSafeEqual } from "node:crypto";
import { Id } from "../contracts/common.ts";
import { KeyId, type Keyring, LinkAction, LinkClaims, type SigningKey } from "../contracts/link.ts";

/**
 * Signed links: the token in every email link (confirm, cancel, claim, decline, unsubscribe). It names the event, the
 * guest, the action and an expiry, and is signed with HMAC-SHA256 under a key id so keys can rotate.
 *
 * Format: seven dot-separated fields, all already URL-safe, so the token goes into a link as it is:
 *
 *     <kid>.<eventId>.<guestId>.<action>.<expiresAt>.<issuedAt>.<mac>
 *     k3Jd9a.6191hYYaN47K.PxV0o2sQm2oRkbiJ3fKbTw.claim.mxkpzk00.mxhcvzk0.PEALNC5jOGJc06y8-uBYNw
 *
 * - Fields, not base64url JSON: ids are already `[A-Za-z0-9_-]` (no `.`), so they need no encoding, and there
 *   are no key names or quotes to pay for. The example is 89 characters; base64url of compact JSON with the
 *   same claims (one-letter keys, numeric times) and the same MAC is 170. Nothing here is secret (base64 would
 *   not hide it either); it is signed.
 * - Instants are epoch milliseconds in base 36 (8 characters until the year 2059): exact to the millisecond,
 *   so a verified token gives back the instants it was signed with (in canonical UTC form).
 * - The MAC is HMAC-SHA256 over every field before it (the key id included, so a token cannot be moved to
 *   another key), prefixed with a context string, truncated to 128 bits (RFC 2104 §5: at least half the hash
 *   length; forging one means guessing 2^128 values online) and base64url-encoded: 22 characters.
 * - No version field: the context string is the version. A new format changes it, so old tokens fail as
 *   `bad-signature` instead of being misread; tokens live only until their event starts anyway.
 *
 * Every field must be in its one canonical spelling (base64url without stray bits, base 36 without leading
 * zeros), so no two strings verify as the same claims and any edit to a token fails.
 */

/** Why a link did not verify. Each is an expected outcome of a person opening a link, not an error. */
export type LinkFailure =
  | "malformed"
  | "bad-signature"
  | "unknown-key"
  | "expired"
  | "wrong-event"
  | "wrong-action";

export type LinkVerification = { ok: true; claims: LinkClaims } | { ok: false; reason: LinkFailure };

/** What the page a link was opened on expects: its event and its action. */
export interface LinkExpectation {
  eventId: string;
  action: LinkAction;
}

/** Changing the format means changing this: see the format notes above. */
const macContext = "rsvp-link-v1\n";
const macBytes = 16;
const macChars = 22; // base64url of 16 bytes, unpadded
/** Longer than any token signLink makes (16 + 64 + 64 + 11 + 11 + 11 + 22 + 6 dots = 205): refuse before splitting. */
const maxTokenLength = 256;
const base36Time = /^(0|[1-9a-z][0-9a-z]{0,10})$/;

/**
 * A signed token for the claims, with the keyring's current key. Throws (a bug, not an outcome) when the
 * claims do not satisfy `LinkClaims` or an instant lies before 1970.
 */
export function signLink(claims: LinkClaims, keyring: Keyring): string {
  const c = LinkClaims.parse(claims);
  const key = keyring.current;
  const payload = [
    key.kid,
    c.eventId,
    c.guestId,
    c.action,
    encodeTime(c.expiresAt),
    encodeTime(c.issuedAt),
  ].join(".");
  return `${payload}.${mac(key, payload).toString("base64url")}`;
}

/**
 * Checks a token against the keyring and the page it was opened on, at `now`. In order: its shape
 * (`malformed`), its key (`unknown-key`: signed with a key no longer in the ring, or never), its MAC
 * (`bad-signature`: edited or forged), then whether it belongs here (`wrong-event`, `wrong-action`: an
 * authentic token for another page is not this link, expired or not) and finally `expired` (at or after
 * `expiresAt`). The MAC is compared in constant time.
 */
export function verifyLink(
  token: string,
  keyring: Keyring,
  expected: LinkExpectation,
  now: Date,
): LinkVerification {
  const parsed = parseToken(token);
  if (!parsed) return { ok: false, reason: "malformed" };
  const key = [keyring.current, ...keyring.previous].find((k) => k.kid === parsed.kid);
  if (!key) return { ok: false, reason: "unknown-key" };
  if (!timingSafeEqual(mac(key, parsed.payload), parsed.mac)) return { ok: false, reason: "bad-signature" };
  const { claims } = parsed;
  if (claims.eventId !== expected.eventId) return { ok: false, reason: "wrong-event" };
  if (claims.action !== expected.action) return { ok: false, reason: "wrong-action" };
  if (now.getTime() >= Date.parse(claims.expiresAt)) return { ok: false, reason: "expired" };
  return { ok: true, claims };
}

/**
 * When a link stops working: once the event has begun there is nothing left to confirm, cancel or claim.
 * For a `claim` link pass the end of the offer's hold as well; the link then expires at whichever is first.
 * Returns an ISO instant, ready for `LinkClaims.expiresAt`.
 */
export function linkExpiry(startsAt: Date, offerExpiresAt?: Date): string {
  const end = offerExpiresAt && offerExpiresAt < startsAt ? offerExpiresAt : startsAt;
  return end.toISOString();
}

/** How long an unsubscribe link works after the later of the event's start and the message it came in. */
const unsubscribeLinkDays = 30;

/**
 * When an unsubscribe link stops working: unlike the other links it has a point after the start (the host may
 * still write, a thank-you comes after the event, and a mail client's unsubscribe button can be pressed any
 * time the message is read), so it runs `unsubscribeLinkDays` past the later of the start and `sentAt`.
 */
export function unsubscribeExpiry(startsAt: Date, sentAt: Date): string {
  const from = Math.max(startsAt.getTime(), sentAt.getTime());
  return new Date(from + unsubscribeLinkDays * 86_400_000).toISOString();
}

/**
 * One or two sentences for the person who opened a link that did not verify. `action` is the page's action;
 * it makes an expired claim link say why a claim expires.
 */
export function describeLinkFailure(reason: LinkFailure, action?: LinkAction): string {
  switch (reason) {
    case "expired":
      if (action === "claim")
        return "This link has expired: the seat was held for you only for a limited time, or the event has already started.";
      if (action === "unsubscribe")
        return "This link has expired: the event is long over. To stop messages, use the link in the most recent one.";
      return "This link has expired: the event has already started.";
    case "wrong-event":
      return "This link belongs to a different event. Open it again from your email.";
    case "wrong-action":
      return "This link is for a different step. Use the link in your email for what you want to do.";
    case "unknown-key":
      return "This link is no longer valid. Use the link in the most recent email about this event.";
    case "bad-signature":
      return "This link is not valid: it was changed after it was sent. Open it again from your email.";
    case "malformed":
      return "This link is incomplete or damaged. Open it again from your email, or copy the whole link.";
  }
}

/** Key objects by secret: making one per link was a visible share of a rush's time. */
const keyObjects = new Map<string, KeyObject>();

function keyObjectOf(secret: string): KeyObject {
  let key = keyObjects.get(secret);
  if (!key) {
    if (keyObjects.size > 64) keyObjects.clear();
    key = createSecretKey(Buffer.from(secret, "base64url"));
    keyObjects.set(secret, key);
  }
  return key;
}

function mac(key: SigningKey, payload: string): Buffer {
  return createHmac("sha256", keyObjectOf(key.secret))
    .update(macContext + payload)
    .digest()
    .subarray(0, macBytes);
}

function encodeTime(instant: string): string {
  const ms = Date.parse(instant);
  if (!(ms >= 0)) throw new RangeError(`a link instant must not lie before 1970: ${instant}`);
  return ms.toString(36);
}

/** The instant, or null when the field is not a canonical base-36 time a token could hold. */
function decodeTime(field: string): string | null {
  if (!base36Time.test(field)) return null;
  const date = new Date(Number.parseInt(field, 36));
  if (Number.isNaN(date.getTime())) return null;
  const iso = date.toISOString();
  // Years past 9999 are spelled "+010000-…", which is no Instant.
  return iso.length === 24 ? iso : null;
}

/** The token's parts, or null when it is not in the one canonical spelling signLink produces. */
function parseToken(token: string): { kid: string; payload: string; mac: Buffer; claims: LinkClaims } | null {
  if (typeof token !== "string" || token.length === 0 || token.length > maxTokenLength) return null;
  const fields = token.split(".");
  if (fields.length !== 7) return null;
  const [kid, eventId, guestId, action, expires, issued, macText] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (!KeyId.safeParse(kid).success || !Id.safeParse(eventId).success || !Id.safeParse(guestId).success)
    return null;
  const linkAction = LinkAction.safeParse(action);
  const expiresAt = decodeTime(expires);
  const issuedAt = decodeTime(issued);
  if (!linkAction.success || !expiresAt || !issuedAt) return null;
  // Node's base64 decoder skips characters outside the alphabet and ignores the last character's spare bits;
  // re-encoding shows whether this is the one spelling of the MAC.
  if (macText.length !== macChars) return null;
  const macValue = Buffer.from(macText, "base64url");
  if (macValue.length !== macBytes || macValue.toString("base64url") !== macText) return null;
  return {
    kid,
    payload: token.slice(0, token.length - macChars - 1),
    mac: macValue,
    claims: { eventId, guestId, action: linkAction.data, expiresAt, issuedAt },
  };
}

// ——— per-guest reply addresses ———

/**
 * What a signed reply address says: replies to it come from this guest of this event, about the kind of email
 * it was the Reply-To of. `rsvp`: an RSVP email (a reply may act: "yes", "can't come"); `host`: a host's
 * message or thank-you note (a reply is for the host and never acts).
 */
export interface ReplyClaims {
  eventId: string;
  guestId: string;
  purpose: ReplyPurpose;
}

export type ReplyPurpose = "rsvp" | "host";

export type ReplyVerification = { ok: true; claims: ReplyClaims } | { ok: false; reason: LinkFailure };

/**
 * A reply token: the tag of a per-guest reply address `rsvp+<token>@domain` (VERP style), small enough for
 * the 64 characters an address's local part may have (RFC 5321 §4.5.3.1.1):
 *
 *     <eventId>.<guestId>.<p><kh><mac>       6191hyyan47kzq.PxV0o2sQm2oRkbiJ3fKbTw.rAbPEALNC5jOGJc06y8
 *
 * - `p` is the purpose (`r` rsvp, `h` host), `kh` two characters naming the key (a hash of its key id: the
 *   id itself may be 16 characters, more than the address has room for; a verifier tries each key of the ring
 *   whose hint matches, so rotation works as for links), `mac` 96 bits of HMAC-SHA256 over the key id, the
 *   event, the guest and the purpose, with its own context string (a link's MAC never verifies as a reply's).
 * - No expiry: an address must work as long as the guest may answer; the keeper refuses what comes too late,
 *   and retiring a key retires its addresses.
 * - 96 bits, not a link's 128, because the local part has no room: guessing one still takes 2^96 messages.
 * - Case matters, as in the ids. A mail system that changes the case of the local part breaks the MAC, and
 *   the reply is then treated as one from an unknown sender (a confirmation link, never an action).
 */
export function signReplyToken(claims: ReplyClaims, keyring: Keyring): string {
  const { eventId, guestId, purpose } = claims;
  if (!Id.safeParse(eventId).success || !Id.safeParse(guestId).success)
    throw new RangeError("a reply token names an event and a guest by their ids");
  const key = keyring.current;
  const p = purpose === "host" ? "h" : "r";
  return `${eventId}.${guestId}.${p}${keyHint(key.kid)}${replyMac(key, eventId, guestId, p)}`;
}

const replyTokenPattern =
  /^([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{1,64})\.([rh])([A-Za-z0-9_-]{2})([A-Za-z0-9_-]{16})$/;

/** Whether a string has a reply token's shape (not whether it verifies). */
export function looksLikeReplyToken(token: string): boolean {
  return token.length <= 160 && replyTokenPattern.test(token);
}

/**
 * Checks a reply token against the keyring: `malformed`, `unknown-key` (no key of the ring has its hint) or
 * `bad-signature` (edited, forged, or its case changed in transit). Constant-time MAC comparison.
 */
export function verifyReplyToken(token: string, keyring: Keyring): ReplyVerification {
  const m = token.length <= 160 ? replyTokenPattern.exec(token) : null;
  if (!m) return { ok: false, reason: "malformed" };
  const [, eventId, guestId, p, hint, macText] = m as unknown as [
    string,
    string,
    string,
    "r" | "h",
    string,
    string,
  ];
  const keys = [keyring.current, ...keyring.previous].filter((k) => keyHint(k.kid) === hint);
  if (keys.length === 0) return { ok: false, reason: "unknown-key" };
  const given = Buffer.from(macText, "base64url");
  if (given.length !== replyMacBytes || given.toString("base64url") !== macText)
    return { ok: false, reason: "malformed" };
  let ok = false;
  for (const key of keys)
    ok = timingSafeEqual(Buffer.from(replyMac(key, eventId, guestId, p), "base64url"), given) || ok;
  if (!ok) return { ok: false, reason: "bad-signature" };
  return { ok: true, claims: { eventId, guestId, purpose: p === "h" ? "host" : "rsvp" } };
}

const replyMacContext = "rsvp-reply-v1\n";
const replyMacBytes = 12;

function keyHint(kid: string): string {
  return createHash("sha256").update(`rsvp-kid\n${kid}`).digest("base64url").slice(0, 2);
}

function replyMac(key: SigningKey, eventId: string, guestId: string, p: string): string {
  return createHmac("sha256", keyObjectOf(key.secret))
    .update(`${replyMacContext}${key.kid}\n${eventId}\n${guestId}\n${p}`)
    .digest()
    .subarray(0, replyMacBytes)
    .toString("base64url");
}
