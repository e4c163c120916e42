import * as z from "zod";
import { Id, Instant } from "./common.ts";

/**
 * What a signed email link does when its page's one button is pressed:
 * - `confirm`: a pending (imported, invited) guest confirms;
 * - `cancel`: a guest gives up a seat (confirmed or offered) or leaves the waitlist;
 * - `claim`: a guest claims the seat they were offered;
 * - `decline`: a guest declines an offer or an invitation;
 * - `unsubscribe`: a guest stops the host's messages (their RSVP stands); the List-Unsubscribe of a host
 *   message, so a mail client's one-click unsubscribe (RFC 8058) posts to it too;
 * - `rejoin`: a guest who left (cancelled, or let an offer lapse) registers again. The web form cannot do
 *   that for an address on the list (anyone may type any address), so it emails the owner this link instead;
 * - `party`: a guest changes their party size (its page has a choice of sizes and one button);
 * - `answers`: a guest changes their answers to the event's questions (a form page, not one button; see
 *   producers/web/answer-routes.ts);
 * - `still-coming`: a confirmed guest answers "still coming?" with yes (docs/reconfirm.md);
 * - `not-coming`: … with no: the guest's cancel, the seats go to the line;
 * - `manage`: the guest's manage page (the emails' "Manage your RSVP"): it only shows where they stand and
 *   links to the pages above, each with a signed link of its own; it acts on nothing, so it has no command
 *   (see producers/web/manage-link-routes.ts).
 */
export const LinkAction = z.enum([
  "confirm",
  "cancel",
  "claim",
  "decline",
  "unsubscribe",
  "rejoin",
  "party",
  "data",
  "verify",
  "answers",
  "still-coming",
  "not-coming",
  "manage",
]);
export type LinkAction = z.infer<typeof LinkAction>;

/**
 * What a signed link asserts: this guest of this event may take this action until `expiresAt`.
 * Instants come back from a verified token in canonical UTC form (`…Z`, milliseconds kept).
 */
export const LinkClaims = z.object({
  eventId: Id,
  guestId: Id,
  action: LinkAction,
  /**
   * The link stops working at this instant: the event start, for `claim` the end of the offer's hold, for
   * `unsubscribe` some weeks after the message (see core/link-token.ts's `unsubscribeExpiry`).
   */
  expiresAt: Instant,
  issuedAt: Instant,
});
export type LinkClaims = z.infer<typeof LinkClaims>;

/** A signing key's id: short (it travels in every link) and free of the token's `.` separator. */
export const KeyId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,16}$/, "a key id is 1 to 16 letters, digits, '-' or '_'");

/**
 * A signing secret as stored: canonical base64url of at least 32 random bytes (HMAC-SHA256's block of
 * strength; a shorter key would be the weak link).
 */
export const SigningSecret = z
  .string()
  .max(344)
  .refine((s) => {
    const bytes = Buffer.from(s, "base64url");
    return bytes.length >= 32 && bytes.toString("base64url") === s;
  }, "a signing secret is base64url of at least 32 bytes");

export const SigningKey = z.object({ kid: KeyId, secret: SigningSecret });
export type SigningKey = z.infer<typeof SigningKey>;

/** How many retired keys a keyring may hold: each is tried by key id only, but the file stays small. */
export const maxPreviousKeys = 32;

/**
 * The keys links are signed and verified with. New links are signed with `current`; a link verifies with any
 * key in the ring, so after a rotation the links already in inboxes keep working while `previous` holds the
 * key they were signed with (`previous` is newest first). The same shape is stored in the embedded key file and in Secrets Manager.
 */
export const Keyring = z
  .object({ current: SigningKey, previous: z.array(SigningKey).max(maxPreviousKeys) })
  .refine((ring) => {
    const kids = [ring.current, ...ring.previous].map((k) => k.kid);
    return new Set(kids).size === kids.length;
  }, "every key in a keyring needs its own key id");
export type Keyring = z.infer<typeof Keyring>;
