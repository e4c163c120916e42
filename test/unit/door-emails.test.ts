import { describe, expect, it } from "vitest";
import { EventRecord } from "../../contracts/event.ts";
import { shortCheckInCode } from "../../core/check-in-code.ts";
import { signedLinkMinter } from "../../core/link-minter.ts";
import { verifyLink } from "../../core/link-token.ts";
import { confirmedEmail, reminderEmail } from "../../mail/messages.ts";
import { fakeClock, newEvent } from "../helpers/factories.ts";
import { guestOf } from "../helpers/guest-fixtures.ts";
import { testKeyring } from "../helpers/link-minter.ts";
import { sampleQuestions } from "../helpers/questions.ts";

/**
 * Issue 15 §2 leftovers in the guest's emails: a reminder carries the check-in code as the confirmation does
 * (the inline QR and "Check-in code: XXXX-XXXX" in both parts), and when the event asks questions the
 * confirmation and the reminders carry a signed "Change your answers" link to the guest's answers form.
 */
const clock = fakeClock();
const keyring = testKeyring();
const links = signedLinkMinter({
  keyring: () => keyring,
  baseUrl: () => "http://rsvp.test",
  clock,
  checkInCodes: true,
});
const withQuestions = (language: "en" | "de" = "en") =>
  EventRecord.parse({
    ...newEvent(),
    settings: { questions: sampleQuestions },
    details: { ...newEvent().details, language },
  });
const input = (event: EventRecord, status: "confirmed" | "waitlisted" = "confirmed") => ({
  event,
  guest: guestOf(event, status, { name: "Bo Weber" }, { at: clock.now() }),
  links,
  key: "k",
});
const answersUrl = (text: string) => /http:\/\/rsvp\.test\/l\/answers\/([^\s"<]+)/.exec(text)?.[1];

describe("a reminder carries the check-in code", () => {
  it("for a confirmed guest: the QR inline, the short code in the HTML and in the text", () => {
    const event = newEvent();
    const mail = reminderEmail({ ...input(event), kind: "day" });
    const short = shortCheckInCode({ eventId: event.eventId, guestId: "g-bo" }, keyring);
    expect(mail.text).toContain(`Check-in code: ${short}`);
    expect(mail.html).toContain('src="cid:checkin@rsvp"');
    expect(mail.html).toContain(short);
    const png = mail.attachments.find((a) => a.cid === "checkin@rsvp");
    expect(png?.contentType).toBe("image/png");
  });

  it("in German: Einlass-Code", () => {
    const event = withQuestions("de");
    expect(reminderEmail({ ...input(event), kind: "morning" }).text).toMatch(
      /Einlass-Code: [0-9A-Z]{4}-[0-9A-Z]{4}/,
    );
  });
});

describe("the answers link in the guest's emails", () => {
  it("the confirmation and a reminder link to the guest's answers form, signed for this guest", () => {
    const event = withQuestions();
    for (const mail of [confirmedEmail(input(event)), reminderEmail({ ...input(event), kind: "week" })]) {
      expect(mail.html).toContain("Change your answers");
      expect(mail.text).toContain("Change your answers");
      const token = answersUrl(mail.text);
      expect(token, mail.subject).toBeDefined();
      const verified = verifyLink(
        token!,
        keyring,
        { eventId: event.eventId, action: "answers" },
        clock.now(),
      );
      expect(verified).toMatchObject({ ok: true, claims: { guestId: "g-bo", action: "answers" } });
      expect(answersUrl(mail.html)).toBe(token);
    }
  });

  it("in German: Deine Antworten ändern (the mails say du)", () => {
    const mail = confirmedEmail(input(withQuestions("de")));
    expect(mail.text).toContain("Deine Antworten ändern");
  });

  it("is left out when the event asks no questions", () => {
    const event = newEvent();
    for (const mail of [confirmedEmail(input(event)), reminderEmail({ ...input(event), kind: "week" })]) {
      expect(mail.text).not.toContain("Change your answers");
      expect(answersUrl(mail.text)).toBeUndefined();
    }
  });
});
