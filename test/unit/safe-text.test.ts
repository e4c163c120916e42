import { describe, expect, it } from "vitest";
import { EmailAddress, GuestName } from "../../contracts/common.ts";
import { EventDetails, EventEdit, EventName, HostMessage } from "../../contracts/event.ts";
import { EventSettings } from "../../contracts/settings.ts";
import { ThankYouText } from "../../contracts/thank-you.ts";

/** The first message a schema gives for an input, or null when it is accepted. */
function problem(
  schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { message: string }[] } } },
  v: unknown,
) {
  const r = schema.safeParse(v);
  return r.success ? null : (r.error?.issues[0]?.message ?? "?");
}

const loneHigh = "Ana \ud83d Lima";
const loneLow = "Ana \ude00 Lima";
const rlo = "Ana \u202eamiL";
const isolate = "Ana \u2067Lima\u2069";

describe("text that should not be stored is refused, with a message a person can act on", () => {
  it("a guest name: lone surrogates, U+FFFD, bidi controls, line separators, NUL", () => {
    expect(problem(GuestName, loneHigh)).toMatch(/name holds a broken character/);
    expect(problem(GuestName, loneLow)).toMatch(/name holds a broken character/);
    expect(problem(GuestName, "Jos\ufffd")).toMatch(/replacement character .* not UTF-8; send it as UTF-8/);
    expect(problem(GuestName, rlo)).toMatch(/name must not contain invisible text-direction characters/);
    expect(problem(GuestName, isolate)).toMatch(/text-direction/);
    expect(problem(GuestName, "Ana\u2028Lima")).toBe("name must be a single line without control characters");
    expect(problem(GuestName, "Ana\u2029Lima")).toBe("name must be a single line without control characters");
    expect(problem(GuestName, "Ana\u0000")).toBe("name must be a single line without control characters");
    expect(problem(GuestName, "Ana\u0085Lima")).toBe("name must be a single line without control characters");
  });

  it("keeps what people really write: accents, scripts, emoji, right-to-left text without controls", () => {
    for (const name of ["José Núñez", "Zoë 🎉", "محمد", "李小龙", "O'Brien-Smith", "Ana\u200dLima"])
      expect(GuestName.parse(name)).toBe(name);
    expect(GuestName.parse("  Ana  ")).toBe("Ana");
    expect(problem(GuestName, "   ")).toBe("name must not be empty");
    expect(problem(GuestName, undefined)).toBe("name is required");
    expect(problem(GuestName, 5)).toBe("name must be text");
    expect(problem(GuestName, "x".repeat(201))).toBe("name must be at most 200 characters");
  });

  it("an email address: local part at most 64, each domain label at most 63", () => {
    const local64 = "a".repeat(64);
    const label63 = "b".repeat(63);
    expect(EmailAddress.parse(`${local64}@example.org`)).toBe(`${local64}@example.org`);
    expect(EmailAddress.parse(`ana@${label63}.example.org`)).toBe(`ana@${label63}.example.org`);
    expect(problem(EmailAddress, `${local64}a@example.org`)).toBe(
      "email: the part before the @ must be at most 64 characters",
    );
    expect(problem(EmailAddress, `ana@${label63}b.example.org`)).toBe(
      "email: each part of the domain between dots must be at most 63 characters",
    );
    expect(problem(EmailAddress, "ana@example.org\u202e")).not.toBeNull();
    expect(problem(EmailAddress, "ana\ud800@example.org")).not.toBeNull();
    // The settings' host address is the same contract.
    expect(EventSettings.safeParse({ hostEmail: `${local64}a@example.org` }).success).toBe(false);
  });

  it("an event's name and one-line details refuse U+2028 (it reached the .ics raw) and bidi controls", () => {
    expect(problem(EventName, "Party\u2028DTSTART:19700101")).toBe(
      "the name must be a single line without control characters",
    );
    expect(problem(EventName, rlo)).toMatch(/the name must not contain invisible text-direction/);
    expect(problem(EventDetails, { location: { place: "Café\u2028Lima" } })).toBe(
      "the place must be a single line without control characters",
    );
    expect(problem(EventDetails, { hostName: isolate })).toMatch(
      /the host's name must not contain invisible/,
    );
    expect(problem(EventEdit, { name: loneLow })).toMatch(/the name holds a broken character/);
    expect(problem(EventEdit, { hostName: "Ana\u2029" })).toMatch(/single line/);
    expect(problem(EventEdit, { place: rlo })).toMatch(/text-direction/);
  });

  it("multi-line fields keep newlines and tabs (CRLF becomes LF) but refuse the rest", () => {
    const details = EventDetails.parse({
      description: "Bring food.\r\n\r\n\tAnd drinks.",
      location: { address: "Rua 1\r\nLisboa" },
    });
    expect(details.description).toBe("Bring food.\n\n\tAnd drinks.");
    expect(details.location.address).toBe("Rua 1\nLisboa");
    expect(problem(EventDetails, { description: "Bring\u2028food" })).toBe(
      "the description must be plain text without control characters (tabs and line breaks are fine)",
    );
    expect(problem(EventDetails, { description: "x\u0000" })).toMatch(/the description must be plain text/);
    expect(problem(EventDetails, { description: "Hi \u202e" })).toMatch(/text-direction/);
    expect(problem(EventDetails, { location: { address: "Rua \ud800" } })).toMatch(
      /the address holds a broken/,
    );
    expect(problem(EventDetails, { description: "x".repeat(10_001) })).toBe(
      "the description must be at most 10,000 characters",
    );
    expect(problem(EventEdit, { description: "x\u0007" })).toMatch(/plain text/);
    expect(problem(EventEdit, { address: "Rua\u2066" })).toMatch(/text-direction/);
  });

  it("a host message: NUL or a line break in the subject, controls in the body", () => {
    const ok = HostMessage.parse({ subject: "  Parking  ", body: "Line one\r\nLine two\tend" });
    expect(ok).toEqual({ subject: "Parking", body: "Line one\nLine two\tend" });
    expect(problem(HostMessage, { subject: "Hi\u0000there", body: "x" })).toBe(
      "subject must be a single line without control characters",
    );
    expect(problem(HostMessage, { subject: "Hi\r\nBcc: x@example.org", body: "x" })).toMatch(/single line/);
    expect(problem(HostMessage, { subject: rlo, body: "x" })).toMatch(/subject must not contain invisible/);
    expect(problem(HostMessage, { subject: "Hi", body: "a\u0000b" })).toMatch(/message must be plain text/);
    expect(problem(HostMessage, { subject: "Hi", body: "a\ud800" })).toMatch(
      /message holds a broken character/,
    );
    expect(problem(HostMessage, { subject: "", body: "x" })).toBe("subject must not be empty");
    expect(problem(HostMessage, { subject: "Hi", body: "  " })).toBe("message must not be empty");
    expect(problem(HostMessage, { subject: "Hi", body: "x".repeat(10_001) })).toBe(
      "message must be at most 10,000 characters",
    );
  });

  it("a thank-you note shares the same rule", () => {
    expect(problem(ThankYouText, "Thanks \u202e")).toMatch(/the note must not contain invisible/);
    expect(problem(ThankYouText, "Thanks \udc00")).toMatch(/the note holds a broken character/);
    expect(ThankYouText.parse("Thanks,\r\n{name}!")).toBe("Thanks,\n{name}!");
  });
});
