import { describe, expect, it } from "vitest";
import { decideReply } from "../../producers/email/inbound-mail.ts";

/**
 * A yes whose "can't come" is about someone else ("Yes! We're 2 now, my brother can't come") is no cancel; a
 * reply that says yes and no about the guest is unclear: no seat action, the guest gets their manage link.
 */
const now = new Date("2026-06-01T12:00:00.000Z");
const decide = (body: string) =>
  decideReply(
    `From: "Ana Lima" <ana@example.org>\r\nTo: rsvp+ev-1@rsvp.example.org\r\nSubject: Re: You're invited: Summer party\r\nMessage-ID: <mixed-1@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`,
    { rsvp: { domain: "rsvp.example.org" }, now },
  );

describe("a reply whose no is about someone else, or says yes and no", () => {
  for (const [text, party] of [
    ["Yes! We're 2 now, my brother can't come", 2],
    ["Yes, we'll be 3. Unfortunately my sister won't be able to make it.", 3],
    ["Ja, wir sind zu zweit, mein Bruder kann leider nicht kommen.", 2],
  ] as const) {
    it(`"${text}" registers a party of ${party}, not a cancel`, async () => {
      expect(await decide(text)).toMatchObject({
        action: "register",
        party: { kind: "size", party },
      });
    });
  }

  for (const text of [
    "Yes, but my brother can't come.",
    "My wife can't make it, sorry.",
    "Yes, we're 3. Sorry, I can't make it after all.",
    "Yes! Oh wait, I can't come.",
  ]) {
    it(`"${text}" is unclear: no seat action`, async () => {
      expect(await decide(text)).toMatchObject({ action: "unclear", reason: "mixed-reply" });
    });
  }

  for (const text of ["Sorry, I can't make it.", "We can't come, sorry.", "Leider kann ich nicht kommen."]) {
    it(`"${text}" still cancels`, async () => {
      expect(await decide(text)).toMatchObject({ action: "cancel", reason: "cancellation" });
    });
  }
});
