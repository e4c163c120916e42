import { describe, expect, it } from "vitest";
import {
  doorLinkGraceMs,
  findByShortCode,
  normaliseShortCode,
  readCheckInCode,
  shortCheckInCode,
  signCheckInCode,
  signDoorToken,
  verifyCheckInCode,
  verifyDoorToken,
} from "../../core/check-in-code.ts";
import { signLink } from "../../core/link-token.ts";
import { testKeyring } from "../helpers/link-minter.ts";

const keyring = testKeyring();
const ana = { eventId: "ev1", guestId: "PxV0o2sQm2oRkbiJ3fKbTw" };

describe("check-in codes", () => {
  it("a guest's code verifies at their event's door and is short enough for a small QR", () => {
    const code = signCheckInCode(ana, keyring);
    expect(code.length).toBeLessThan(60);
    expect(verifyCheckInCode(code, keyring, "ev1")).toEqual({ ok: true, claims: ana });
    expect(readCheckInCode(code)).toEqual(ana);
  });

  it("a tampered code (another guest's id, a changed MAC) does not verify", () => {
    const code = signCheckInCode(ana, keyring);
    const otherGuest = code.replace(ana.guestId, "AAAAo2sQm2oRkbiJ3fKbTw");
    expect(verifyCheckInCode(otherGuest, keyring, "ev1")).toEqual({ ok: false, reason: "bad-signature" });
    const last = code.at(-1) === "A" ? "B" : "A";
    expect(verifyCheckInCode(code.slice(0, -1) + last, keyring, "ev1").ok).toBe(false);
    expect(verifyCheckInCode("hello", keyring, "ev1")).toEqual({ ok: false, reason: "malformed" });
    expect(readCheckInCode("https://example.org")).toBeNull();
  });

  it("an authentic code of another event says so, with what it names", () => {
    const code = signCheckInCode({ eventId: "other", guestId: ana.guestId }, keyring);
    expect(verifyCheckInCode(code, keyring, "ev1")).toEqual({
      ok: false,
      reason: "wrong-event",
      claims: { eventId: "other", guestId: ana.guestId },
    });
  });

  it("a code signed with another key is unknown; after a rotation the old key still verifies it", () => {
    const code = signCheckInCode(ana, keyring);
    expect(verifyCheckInCode(code, testKeyringWithKid("other"), "ev1").ok).toBe(false);
    const rotated = { current: testKeyringWithKid("new").current, previous: [keyring.current] };
    expect(verifyCheckInCode(code, rotated, "ev1").ok).toBe(true);
  });

  it("a link token is no check-in code", () => {
    const token = signLink(
      {
        ...ana,
        action: "cancel",
        expiresAt: "2030-01-01T00:00:00.000Z",
        issuedAt: "2026-01-01T00:00:00.000Z",
      },
      keyring,
    );
    expect(verifyCheckInCode(token, keyring, "ev1").ok).toBe(false);
  });
});

describe("short check-in codes", () => {
  const guests = [
    { eventId: "ev1", guestId: "g1" },
    { eventId: "ev1", guestId: "g2" },
  ];
  it("are 8 characters in two groups and find their guest however they are typed", () => {
    const short = shortCheckInCode(guests[1]!, keyring);
    expect(short).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(findByShortCode(short, guests, keyring)).toBe(guests[1]);
    expect(findByShortCode(` ${short.toLowerCase().replace("-", " ")} `, guests, keyring)).toBe(guests[1]);
  });
  it("a code of another event's guest, or a typo, finds nobody", () => {
    const foreign = shortCheckInCode({ eventId: "ev2", guestId: "g1" }, keyring);
    expect(findByShortCode(foreign, guests, keyring)).toBeNull();
    expect(findByShortCode("hello", guests, keyring)).toBeNull();
    expect(normaliseShortCode("k7qm-2xpo")).toBe("K7QM2XP0");
  });
});

describe("door links", () => {
  const now = new Date("2026-06-01T12:00:00.000Z");
  const expiresAt = new Date(now.getTime() + doorLinkGraceMs).toISOString();
  it("name their event until they expire", () => {
    const token = signDoorToken({ eventId: "ev1", expiresAt }, keyring);
    expect(verifyDoorToken(token, keyring, now)).toEqual({ ok: true, claims: { eventId: "ev1", expiresAt } });
    expect(verifyDoorToken(token, keyring, new Date(expiresAt))).toEqual({ ok: false, reason: "expired" });
  });
  it("cannot be edited to open another event, and a check-in code is no door link", () => {
    const token = signDoorToken({ eventId: "ev1", expiresAt }, keyring);
    expect(verifyDoorToken(token.replace(".ev1.", ".ev2."), keyring, now)).toEqual({
      ok: false,
      reason: "bad-signature",
    });
    expect(verifyDoorToken(signCheckInCode(ana, keyring), keyring, now).ok).toBe(false);
  });
});

function testKeyringWithKid(kid: string) {
  const ring = testKeyring();
  return { current: { ...ring.current, kid }, previous: [] };
}
