import { describe, expect, it } from "vitest";
import { findCancellation, newText } from "../../producers/email/reply-text.ts";
import { type Draft, decide } from "../helpers/reply-draft.ts";

// What a reply means: a cancellation or a yes, in words (after the quoted original is cut away), in its
// subject, or as a calendar reply.

describe("intent", () => {
  const cancels = [
    "Sorry, I can't make it.",
    "Unfortunately I won't be able to come after all.",
    "Please cancel my registration",
    "I'm not coming, sorry",
    "Leider kann ich nicht kommen.",
    "Ich muss leider absagen.",
    "Je ne pourrai pas venir, désolée.",
    "Merci, mais je dois annuler.",
    "Lo siento, no podré ir.",
    "Quiero cancelar mi registro.",
  ];
  for (const text of cancels) {
    it(`"${text}" cancels`, async () => {
      expect(await decide({ body: text })).toMatchObject({ action: "cancel", reason: "cancellation" });
    });
  }

  const yeses = [
    "Count me in!",
    "Can't come soon enough, see you there!",
    "Can I still cancel later if something comes up?",
    "I don't want to cancel, just checking the time.",
    "I can't make it before 8, but I'll be there.",
    "Yes!\n\nOn Mon, 1 Jun 2026 at 10:00, rsvp <noreply@rsvp.example.org> wrote:\n> You are invited.\n> No, I can't come:\n> https://rsvp.example.org/l/x",
    "Gerne!\n\nAm 01.06.2026 um 10:00 schrieb rsvp <noreply@rsvp.example.org>:\n> Nein, ich kann nicht kommen",
    "Super!\n\n-----Original Message-----\nFrom: rsvp\nNo, I can't come:",
    "Yes please\n\nFrom: rsvp <noreply@rsvp.example.org>\nSent: Monday, June 1, 2026 10:00\nTo: Ana\nSubject: You're invited\n\nNo, I can't come",
    "Great, see you!\n-- \nAna — can't make it to meetings on Fridays",
  ];
  for (const text of yeses) {
    it(`${JSON.stringify(text.split("\n")[0])} (${text.split("\n").length} lines) is a yes`, async () => {
      expect(await decide({ body: text })).toMatchObject({ action: "register", reason: "reply" });
    });
  }

  it("a bottom-posted answer below a flowed quote still counts", async () => {
    const d = await decide({
      contentType: 'text/plain; charset="us-ascii"; format="flowed"',
      body: "On 01/06/2026 10:00, rsvp wrote:\n> You are invited. \nSorry, I can't make it.",
    });
    expect(d).toMatchObject({ action: "cancel" });
  });

  it("an HTML-only reply is read without its blockquote", async () => {
    const html = `<div>Count me in</div><blockquote type="cite"><div>No, I can't come</div></blockquote>`;
    expect(await decide({ contentType: "text/html; charset=utf-8", body: html })).toMatchObject({
      action: "register",
    });
    expect(
      await decide({ contentType: "text/html; charset=utf-8", body: "<p>Sorry, I can&#39;t make it</p>" }),
    ).toMatchObject({ action: "cancel" });
  });

  it("a fresh message's own subject may say it; a reply's subject is ours and does not count", async () => {
    expect(await decide({ subject: "Can't make it", body: "Ana" })).toMatchObject({ action: "cancel" });
    expect(await decide({ subject: "Re: Cancelled: your seat at Summer party", body: "ok" })).toMatchObject({
      action: "register",
    });
  });

  it("calendar replies accept or decline; a localised Outlook decline subject declines", async () => {
    const vcalendar = (partstat: string) =>
      [
        "BEGIN:VCALENDAR",
        "METHOD:REPLY",
        "BEGIN:VEVENT",
        `ATTENDEE;PARTSTAT=${partstat};CN=Ana:mailto:ana@example.org`,
        "UID:ev-cal.g-1@rsvp",
        "END:VEVENT",
        "END:VCALENDAR",
      ].join("\n");
    const ics = (partstat: string) =>
      [
        "--b",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "",
        "--b",
        "Content-Type: text/calendar; charset=utf-8; method=REPLY",
        "",
        vcalendar(partstat),
        "--b--",
      ].join("\n");
    const calendar = (partstat: string): Draft => ({
      to: "rsvp@rsvp.example.org",
      contentType: 'multipart/alternative; boundary="b"',
      body: ics(partstat),
    });
    // Our calendar entry's UID (EVENTID.GUESTID@rsvp) names the event.
    expect(await decide(calendar("DECLINED"))).toMatchObject({
      action: "cancel",
      reason: "calendar-declined",
      eventId: "ev-cal",
    });
    expect(await decide(calendar("ACCEPTED"))).toMatchObject({
      action: "register",
      reason: "calendar-accepted",
    });
    expect(await decide({ subject: "Abgelehnt: Summer party", body: "" })).toMatchObject({
      action: "cancel",
    });
    // Some calendar apps send the reply as the whole message, not as one part of it.
    expect(
      await decide({
        to: "rsvp@rsvp.example.org",
        subject: "Summer party",
        contentType: "text/calendar; charset=utf-8; method=REPLY",
        body: vcalendar("DECLINED"),
      }),
    ).toMatchObject({ action: "cancel", reason: "calendar-declined", eventId: "ev-cal" });
  });
});

describe("reply text", () => {
  it("keeps only the new text", () => {
    expect(
      newText("Hello\n\nSent from my iPhone\n\nOn Apr 3, 2012, at 4:19 PM, bob <b@x> wrote:\n\n> Hi"),
    ).toBe("Hello");
    expect(newText("On 04/02/2012 06:26 PM, Megan One wrote:\n> Hi\nHello")).toBe("Hello");
    expect(newText("Le lun. 1 juin 2026 à 10:00, rsvp <a@b> a écrit :\n> Salut\nMerci")).toBe("Merci");
  });

  it("skips questions and negated cancel verbs", () => {
    expect(findCancellation("¿Puedo cancelar más tarde?")).toBeNull();
    expect(findCancellation("Ich möchte nicht absagen.")).toBeNull();
    expect(findCancellation("je ne peux pas attendre !")).toBeNull();
    expect(findCancellation("Je ne peux pas venir.")).toBe("ne peux pas venir");
  });
});
