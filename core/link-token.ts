import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from "node:crypto";
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
