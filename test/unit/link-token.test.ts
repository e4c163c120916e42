import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Keyring, LinkAction, type LinkClaims, type SigningKey } from "../../contracts/link.ts";
import {
  describeLinkFailure,
  type LinkFailure,
  linkExpiry,
  signLink,
  signReplyToken,
  verifyLink,
  verifyReplyToken,
} from "../../core/link-token.ts";
import { baseTime } from "../helpers/factories.ts";

const key = (kid: string): SigningKey => ({ kid, secret: randomBytes(32).toString("base64url") });
const ring = (current: SigningKey, ...previous: SigningKey[]): Keyring => ({ current, previous });

const hours = (n: number) => n * 3_600_000;
const startsAt = new Date(baseTime.getTime() + hours(24 * 30));

const claims: LinkClaims = {
  eventId: "6191hYYaN47K",
  guestId: "PxV0o2sQm2oRkbiJ3fKbTw",
  action: "cancel",
  expiresAt: linkExpiry(startsAt),
  issuedAt: baseTime.toISOString(),
};
const here = { eventId: claims.eventId, action: claims.action };

const keyA = key("keyA");
const keyring = ring(keyA);
const token = signLink(claims, keyring);

const failure = (reason: LinkFailure) => ({ ok: false, reason });

/** The token with its field `index` (0 = kid … 6 = MAC) replaced. */
function withField(t: string, index: number, value: string): string {
  const fields = t.split(".");
  fields[index] = value;
  return fields.join(".");
}

describe("signed links", () => {
  it("a signed link verifies on its own page and gives back its claims", () => {
    expect(verifyLink(token, keyring, here, baseTime)).toEqual({ ok: true, claims });
  });

  it("a token is URL-safe and short enough for an email link", () => {
    expect(token).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(encodeURIComponent(token)).toBe(token);
    expect(token.length).toBeLessThanOrEqual(100);
  });

  it("instants with an offset come back as the same instants in UTC", () => {
    const t = signLink({ ...claims, expiresAt: "2026-07-01T20:00:00+02:00" }, keyring);
    const result = verifyLink(t, keyring, here, baseTime);
    expect(result).toEqual({ ok: true, claims: { ...claims, expiresAt: "2026-07-01T18:00:00.000Z" } });
  });

  it("a link whose guest id was swapped for another is refused as tampered", () => {
    const tampered = withField(token, 2, "SomeoneElse0123456789a");
    expect(verifyLink(tampered, keyring, here, baseTime)).toEqual(failure("bad-signature"));
  });

  it("a link whose expiry was pushed back is refused as tampered", () => {
    const later = (startsAt.getTime() + hours(24 * 365)).toString(36);
    expect(verifyLink(withField(token, 4, later), keyring, here, baseTime)).toEqual(failure("bad-signature"));
  });

  it("a link with another valid-looking MAC is refused as tampered", () => {
    const forged = withField(token, 6, randomBytes(16).toString("base64url"));
    expect(verifyLink(forged, keyring, here, baseTime)).toEqual(failure("bad-signature"));
  });

  it("a link signed with the same key id but another secret is refused as tampered", () => {
    const impostor = signLink(claims, ring(key("keyA")));
    expect(verifyLink(impostor, keyring, here, baseTime)).toEqual(failure("bad-signature"));
  });

  it("after a rotation, a link signed with the kept previous key still verifies", () => {
    const rotated = ring(key("keyB"), keyA);
    expect(verifyLink(token, rotated, here, baseTime)).toEqual({ ok: true, claims });
    // And new links are signed with the new current key.
    expect(signLink(claims, rotated).startsWith("keyB.")).toBe(true);
  });

  it("a link signed with a key no longer in the ring is refused as unknown-key", () => {
    const rotatedOut = ring(key("keyC"), key("keyB"));
    expect(verifyLink(token, rotatedOut, here, baseTime)).toEqual(failure("unknown-key"));
  });

  it("a link stops working the moment the event starts", () => {
    const justBefore = new Date(startsAt.getTime() - 1);
    expect(verifyLink(token, keyring, here, justBefore).ok).toBe(true);
    expect(verifyLink(token, keyring, here, startsAt)).toEqual(failure("expired"));
    expect(verifyLink(token, keyring, here, new Date(startsAt.getTime() + hours(1)))).toEqual(
      failure("expired"),
    );
  });

  it("a claim link expires with the offer's hold when that comes first", () => {
    const heldUntil = new Date(baseTime.getTime() + hours(6));
    const claim = { ...claims, action: "claim" as const, expiresAt: linkExpiry(startsAt, heldUntil) };
    const t = signLink(claim, keyring);
    const page = { eventId: claims.eventId, action: "claim" as const };
    expect(verifyLink(t, keyring, page, new Date(heldUntil.getTime() - 1)).ok).toBe(true);
    expect(verifyLink(t, keyring, page, heldUntil)).toEqual(failure("expired"));
    // An offer held past the start still ends at the start.
    expect(linkExpiry(startsAt, new Date(startsAt.getTime() + hours(1)))).toBe(startsAt.toISOString());
  });

  it("a link opened on another event's page is refused as wrong-event", () => {
    expect(verifyLink(token, keyring, { ...here, eventId: "otherEvent" }, baseTime)).toEqual(
      failure("wrong-event"),
    );
  });

  it("a cancel link posted to the claim page is refused as wrong-action", () => {
    expect(verifyLink(token, keyring, { ...here, action: "claim" }, baseTime)).toEqual(
      failure("wrong-action"),
    );
  });

  it("an authentic link on the wrong page says so even after it expired", () => {
    expect(verifyLink(token, keyring, { ...here, action: "claim" }, startsAt)).toEqual(
      failure("wrong-action"),
    );
  });

  const mac = token.split(".")[6]!;
  const malformed: [string, string][] = [
    ["empty", ""],
    ["huge", token.repeat(100)],
    ["huge but otherwise valid-looking", withField(token, 1, "e".repeat(64)).padEnd(300, "x")],
    ["a word", "hello"],
    ["only dots", "......"],
    ["one field missing", token.split(".").slice(1).join(".")],
    ["one field too many", `${token}.x`],
    ["a non-base64 MAC", withField(token, 6, `${mac.slice(0, 20)}!$`)],
    ["a padded MAC", withField(token, 6, `${mac}==`)],
    ["a short MAC", withField(token, 6, mac.slice(0, 21))],
    ["a standard-base64 MAC", withField(token, 6, `${mac.slice(0, 20)}+/`)],
    ["an unknown action", withField(token, 3, "delete")],
    ["a decimal expiry with a leading zero", withField(token, 4, `0${token.split(".")[4]}`)],
    ["an upper-case expiry", withField(token, 4, token.split(".")[4]!.toUpperCase())],
    ["an expiry past the year 9999", withField(token, 4, "zzzzzzzzzzz")],
    ["an empty guest id", withField(token, 2, "")],
    ["a guest id with a space", withField(token, 2, "a b")],
    ["percent-encoded", encodeURIComponent(`${token}/`)],
    ["whitespace around it", ` ${token}\n`],
    ["non-ASCII", withField(token, 0, "kéyA")],
  ];
  it.each(malformed)("a token that is %s is refused as malformed", (_, bad) => {
    expect(verifyLink(bad, keyring, here, baseTime)).toEqual(failure("malformed"));
  });

  it("the MAC's spare bits are part of its spelling: the same bytes spelled otherwise do not verify", () => {
    // 16 bytes in 22 characters leave 4 spare bits in the last one, which decoders ignore.
    const last = mac.at(-1)!;
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const twin = alphabet[(alphabet.indexOf(last) & ~0xf) | ((alphabet.indexOf(last) + 1) & 0xf)]!;
    const respelled = withField(token, 6, mac.slice(0, 21) + twin);
    expect(Buffer.from(respelled.split(".")[6]!, "base64url")).toEqual(Buffer.from(mac, "base64url"));
    expect(verifyLink(respelled, keyring, here, baseTime)).toEqual(failure("malformed"));
  });

  it("signing claims that break the contract is a bug and throws", () => {
    expect(() => signLink({ ...claims, eventId: "has.dot" }, keyring)).toThrow();
    expect(() => signLink({ ...claims, action: "delete" as LinkAction }, keyring)).toThrow();
    expect(() => signLink({ ...claims, expiresAt: "tomorrow" }, keyring)).toThrow();
  });

  it("every failure has a sentence for the person who opened the link", () => {
    const reasons: LinkFailure[] = [
      "malformed",
      "bad-signature",
      "unknown-key",
      "expired",
      "wrong-event",
      "wrong-action",
    ];
    for (const reason of reasons) expect(describeLinkFailure(reason)).toMatch(/^This link .+\.$/);
    expect(describeLinkFailure("expired", "cancel")).toBe(
      "This link has expired: the event has already started.",
    );
    expect(describeLinkFailure("expired", "claim")).toMatch(/held for you/);
  });
});

describe("signed links, properties", () => {
  const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
  const instant = fc
    .date({
      min: new Date("2000-01-01T00:00:00Z"),
      max: new Date("2100-01-01T00:00:00Z"),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString());
  const anyClaims = fc.record({
    eventId: id,
    guestId: id,
    action: fc.constantFrom<LinkAction>(...LinkAction.options),
    expiresAt: instant,
    issuedAt: instant,
  });
  const tokenChar = fc.constantFrom(
    ..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.+/=%! é".split(""),
  );
  const verifyAnyTime = (t: string, c: LinkClaims) =>
    verifyLink(t, keyring, { eventId: c.eventId, action: c.action }, new Date(0));

  it("any signed claims verify and come back unchanged", () => {
    fc.assert(
      fc.property(anyClaims, (c) => {
        expect(verifyAnyTime(signLink(c, keyring), c)).toEqual({ ok: true, claims: c });
      }),
    );
  });

  it("changing any one character of a token never verifies", () => {
    fc.assert(
      fc.property(anyClaims, fc.nat(), tokenChar, (c, at, char) => {
        const t = signLink(c, keyring);
        const i = at % t.length;
        fc.pre(t[i] !== char);
        const changed = t.slice(0, i) + char + t.slice(i + 1);
        expect(verifyAnyTime(changed, c).ok).toBe(false);
      }),
      { numRuns: 2_000 },
    );
  });

  it("inserting or deleting any one character of a token never verifies", () => {
    fc.assert(
      fc.property(anyClaims, fc.nat(), tokenChar, fc.boolean(), (c, at, char, insert) => {
        const t = signLink(c, keyring);
        const i = at % t.length;
        const changed = insert ? t.slice(0, i) + char + t.slice(i) : t.slice(0, i) + t.slice(i + 1);
        expect(verifyAnyTime(changed, c).ok).toBe(false);
      }),
      { numRuns: 1_000 },
    );
  });
});

describe("signed reply addresses (issue 13)", () => {
  const reply = { eventId: "k2h8q0z1m3x9c7", guestId: "PxV0o2sQm2oRkbiJ3fKbTw", purpose: "rsvp" as const };

  it("fit a 64-character local part with rsvp's ids, and verify only with the ring that signed them", () => {
    const k = ring(key("k3Jd9a"));
    const token = signReplyToken(reply, k);
    expect(`rsvp+${token}`.length).toBeLessThanOrEqual(64);
    expect(verifyReplyToken(token, k)).toEqual({ ok: true, claims: reply });
    expect(verifyReplyToken(token, ring(key("k3Jd9a")))).toEqual({ ok: false, reason: "bad-signature" });
    expect(verifyReplyToken(token, ring(key("other")))).toMatchObject({ ok: false });
  });

  it("name their purpose under the MAC: a host-message address cannot be turned into an RSVP one", () => {
    const k = ring(key("k1"));
    const host = signReplyToken({ ...reply, purpose: "host" }, k);
    expect(verifyReplyToken(host, k)).toMatchObject({ ok: true, claims: { purpose: "host" } });
    const flipped = host.replace(/\.h/, ".r");
    expect(verifyReplyToken(flipped, k)).toEqual({ ok: false, reason: "bad-signature" });
  });

  it("no edit of any character verifies, and a link's MAC is no reply's", () => {
    const k = ring(key("k1"));
    const token = signReplyToken(reply, k);
    for (let i = 0; i < token.length; i++) {
      const c = token[i] === "A" ? "B" : "A";
      const edited = token.slice(0, i) + c + token.slice(i + 1);
      if (edited !== token) expect(verifyReplyToken(edited, k).ok).toBe(false);
    }
    const link = signLink(claims, k);
    expect(verifyReplyToken(link, k).ok).toBe(false);
  });

  it("keep working after a rotation while their key is in the ring", () => {
    const old = key("old");
    const token = signReplyToken(reply, ring(old));
    expect(verifyReplyToken(token, ring(key("new"), old)).ok).toBe(true);
    expect(verifyReplyToken(token, ring(key("new")))).toEqual({ ok: false, reason: "unknown-key" });
  });
});
