import { describe, expect, it } from "vitest";
import { type EventRecord, eventEnd } from "../../contracts/event.ts";
import { EventSettings } from "../../contracts/settings.ts";
import { HostThankYouText, type ThankYouMode } from "../../contracts/thank-you.ts";
import { decideBatch } from "../../core/seat-keeper.ts";
import {
  checkModelDraft,
  draftThankYou,
  mergeName,
  templateThankYou,
  thankYouRequestOf,
} from "../../core/thank-you.ts";
import { timerNames, timerPlanOf } from "../../core/timer-plan.ts";
import { thankYouEmail } from "../../mail/host-emails.ts";
import { confirmedEmail } from "../../mail/messages.ts";
import { registrationStateOf } from "../../producers/web/register-handlers.ts";
import { baseTime, commandOf, fakeClock, newEvent, register } from "../helpers/factories.ts";
import { testKeyring, testLinkMinter } from "../helpers/link-minter.ts";

const HOUR = 3_600_000;
const startsAt = new Date(baseTime.getTime() + 30 * 24 * HOUR);
const end = new Date(startsAt.getTime() + 3 * HOUR);

function thankYouEvent(mode: ThankYouMode = "auto", over: Partial<EventRecord> = {}): EventRecord {
  return newEvent({
    name: "Summer party",
    startsAt: startsAt.toISOString(),
    endsAt: end.toISOString(),
    settings: EventSettings.parse({ thankYou: mode }),
    ...over,
  });
}

/** Applies one host command to an event the way the keeper does, returning the outcome and the event after. */
function apply(
  event: EventRecord,
  fields: Parameters<typeof commandOf>[1],
  at = new Date(end.getTime() + 60_000),
) {
  const command = commandOf(event.eventId, fields, { lane: "host" });
  const d = decideBatch({ event, guests: [], applied: new Set() }, [command], at);
  // A timer that came early is answered in `deferred` (not recorded as applied).
  return { outcome: (d.results[0] ?? d.deferred?.[0])!.outcome, event: d.after };
}

const goodDraft = `Dear {name},

Thank you so much for coming to the Summer party last Saturday. It was lovely to share the evening with you,
and we hope you had as good a time as we did.

Warm wishes,
Your host`;

describe("the thank-you note's words", () => {
  it("tells the drafter the event's details and the host's notes, in the event's zone, and nothing about guests", () => {
    const request = thankYouRequestOf(thankYouEvent("auto", { thankYouNotes: "Photos follow next week." }));
    expect(request).toEqual({
      eventName: "Summer party",
      date: "Wednesday 1 July 2026",
      startTime: "14:00",
      endTime: "17:00",
      notes: "Photos follow next week.",
    });
  });

  it("writes a template that greets through {name}, names the event and carries the notes without placeholders", () => {
    const text = templateThankYou({
      eventName: "Party {2026}",
      date: "Wednesday 1 July 2026",
      startTime: "14:00",
      endTime: "17:00",
      notes: "Bring {your} smile next time.",
    });
    expect(text.startsWith("Dear {name},\n\n")).toBe(true);
    expect(text).toContain("Party (2026) on Wednesday 1 July 2026");
    expect(text).toContain("Bring (your) smile next time.");
    expect(HostThankYouText.safeParse(text).success).toBe(true);
    expect(mergeName(text, "Ana")).toMatch(/^Dear Ana,/);
  });

  it("accepts a well-formed model draft", () => {
    expect(checkModelDraft(`\n${goodDraft}\n`)).toEqual({ ok: true, body: goodDraft });
  });

  it.each([
    ["no name placeholder", goodDraft.replace("{name}", "friend")],
    ["another placeholder", `${goodDraft}\n{event_name}`],
    ["a bracketed blank", goodDraft.replace("Your host", "[Your name]")],
    ["a link", `${goodDraft}\nPhotos: https://photos.example.org/party`],
    ["a bare domain", `${goodDraft}\nPhotos on photos.example.com soon.`],
    ["an email address", `${goodDraft}\nWrite to host@example.org.`],
    ["a subject line", `Subject: Thanks!\n${goodDraft}`],
    ["markup", `<p>${goodDraft}</p>`],
    ["too short", "Dear {name}, thanks!"],
    ["too long", `${goodDraft}\n${"So good. ".repeat(300)}`],
    ["a control character", `${goodDraft}\u0007`],
  ])("refuses a model draft with %s", (_what, text) => {
    expect(checkModelDraft(text).ok).toBe(false);
  });

  it("falls back to the template when the drafter throws or drafts badly, and says why", async () => {
    const request = thankYouRequestOf(thankYouEvent());
    const reasons: string[] = [];
    const onFallback = (reason: string) => reasons.push(reason);
    const failing = { draft: async () => Promise.reject(new Error("throttled")) };
    const sloppy = {
      draft: async () => "Dear [Guest], thanks for coming to our party! See you at https://x.example",
    };
    const good = { draft: async () => goodDraft };
    const template = { body: templateThankYou(request), source: "template" };
    expect(await draftThankYou(null, request, onFallback)).toEqual(template);
    expect(await draftThankYou(failing, request, onFallback)).toEqual(template);
    expect(await draftThankYou(sloppy, request, onFallback)).toEqual(template);
    expect(await draftThankYou(good, request, onFallback)).toEqual({ body: goodDraft, source: "model" });
    expect(reasons).toEqual([
      "the model could not draft the note",
      expect.stringMatching(/^the model's draft was refused: /),
    ]);
  });
});

describe("the keeper and the thank-you note", () => {
  it("books a timer at the event's end when the event is created, two hours after the start by default", () => {
    const event = thankYouEvent();
    const plan = timerPlanOf({ entity: "event", old: null, new: event }, event);
    expect(plan.book).toContainEqual(
      expect.objectContaining({
        name: timerNames.eventEnded(event.eventId),
        at: end.toISOString(),
        command: expect.objectContaining({ type: "event-ended", lane: "timer" }),
      }),
    );
    expect(eventEnd({ startsAt: startsAt.toISOString() })).toEqual(new Date(startsAt.getTime() + 2 * HOUR));
  });

  it("starts drafting once the event has ended, and not before, nor twice, nor with the note off", () => {
    // Early (Scheduler fires anywhere in the minute): not yet, to come back at the end (issue 16 §3).
    const early = apply(thankYouEvent(), { type: "event-ended" }, new Date(end.getTime() - 1));
    expect(early.outcome).toEqual({ kind: "not-yet", dueAt: end.toISOString() });
    expect(early.event.thankYou ?? null).toBeNull();

    const ended = apply(thankYouEvent(), { type: "event-ended" });
    expect(ended.outcome).toEqual({ kind: "thank-you", status: "drafting" });
    expect(ended.event.thankYou).toMatchObject({ status: "drafting", body: null });
    expect(apply(ended.event, { type: "event-ended" }).outcome.kind).toBe("unchanged");

    // With the note off, the end is still recorded: registration closes for good (issue 13: a clock set back
    // must not reopen an event that is over); once closed, a replayed timer changes nothing.
    const off = apply(thankYouEvent("off"), { type: "event-ended" });
    expect(off.outcome.kind).toBe("registration-closed");
    expect(off.event.registrationOpen).toBe(false);
    expect(apply(off.event, { type: "event-ended" }).outcome.kind).toBe("unchanged");
  });

  it("a clock set back after the end does not reopen the event: registration stays closed", () => {
    const ended = apply(thankYouEvent(), { type: "event-ended" });
    expect(ended.event.registrationOpen).toBe(false);
    const setBack = new Date(startsAt.getTime() - 24 * HOUR);
    expect(registrationStateOf(ended.event, setBack)).toBe("closed");
  });

  it("sends an auto note as drafted; holds an approve note for the host, who may edit it, once", () => {
    const draft = { type: "thanks-drafted", body: "Dear {name}, thank you!", source: "template" } as const;
    const auto = apply(apply(thankYouEvent("auto"), { type: "event-ended" }).event, draft);
    expect(auto.outcome).toEqual({ kind: "thank-you", status: "approved" });
    expect(auto.event.thankYou).toMatchObject({ status: "approved", approvedBy: "auto", body: draft.body });

    const held = apply(apply(thankYouEvent("approve"), { type: "event-ended" }).event, draft);
    expect(held.outcome).toEqual({ kind: "thank-you", status: "drafted" });
    // A second draft (the handler ran twice) is late news.
    expect(apply(held.event, { ...draft, body: "Dear {name}, other words." }).outcome.kind).toBe("unchanged");

    const approved = apply(held.event, { type: "approve-thanks", body: "Dear {name},\r\nsee you soon!" });
    expect(approved.outcome).toEqual({ kind: "thank-you", status: "approved" });
    expect(approved.event.thankYou).toMatchObject({
      status: "approved",
      approvedBy: "host",
      source: "host",
      body: "Dear {name},\nsee you soon!",
    });
    expect(apply(approved.event, { type: "approve-thanks" }).outcome.kind).toBe("unchanged");
  });

  it("refuses an approval before there is a draft, and settings once the note is drafted", () => {
    expect(apply(thankYouEvent("approve"), { type: "approve-thanks" }).outcome).toEqual({
      kind: "refused",
      reason: "thanks-not-drafted",
    });
    const set = apply(thankYouEvent("auto"), {
      type: "set-thank-you",
      mode: "approve",
      notes: "Mention the band.",
    });
    expect(set.outcome).toEqual({ kind: "thank-you-set" });
    expect(set.event.settings.thankYou).toBe("approve");
    expect(set.event.thankYouNotes).toBe("Mention the band.");
    expect(apply(set.event, { type: "set-thank-you", notes: "Mention the band." }).outcome.kind).toBe(
      "unchanged",
    );

    const drafting = apply(set.event, { type: "event-ended" }).event;
    expect(apply(drafting, { type: "set-thank-you", mode: "off" }).outcome).toEqual({
      kind: "refused",
      reason: "thanks-already-drafted",
    });
  });

  it("takes only {name} as a placeholder in the host's text", () => {
    expect(HostThankYouText.safeParse("Dear {name}, thanks!").success).toBe(true);
    expect(HostThankYouText.safeParse("Dear {nmae}, thanks!").success).toBe(false);
  });
});

describe("the emails", () => {
  const links = testLinkMinter(testKeyring(), fakeClock());
  /** A guest as the keeper writes one: registered, confirmed. */
  function confirmedGuest(event: EventRecord, name: string) {
    const d = decideBatch(
      { event, guests: [], applied: new Set() },
      [register(event.eventId, "ana@example.org", name)],
      baseTime,
    );
    return d.guestWrites[0]!.new;
  }

  it("books the calendar entry until the event's end, or two hours after the start without one", () => {
    const dtend = (event: EventRecord) => {
      const ics = confirmedEmail({ event, guest: confirmedGuest(event, "Ana"), links, key: "k" })
        .attachments[0]!;
      return ics.content.split("\r\n").find((line) => line.startsWith("DTEND"));
    };
    expect(dtend(thankYouEvent())).toBe("DTEND:20260701T150000Z");
    expect(dtend(newEvent({ startsAt: startsAt.toISOString() }))).toBe("DTEND:20260701T140000Z");
  });

  it("merges the guest's name into the note as text, escaped in HTML, whose only link unsubscribes", () => {
    const event = thankYouEvent();
    const guest = confirmedGuest(event, "Ana <b>Lima</b>");
    const email = thankYouEmail({
      event,
      guest,
      links,
      key: `${guest.guestId}/thanks`,
      body: "Dear {name},\n\nThank you for coming!\nSee you soon.\n\nYour host",
    });
    expect(email.subject).toBe("Thank you for coming to Summer party");
    expect(email.key).toBe(`${guest.guestId}/thanks`);
    expect(email.text).toMatch(
      /^Dear Ana <b>Lima<\/b>,\n\nThank you for coming!\nSee you soon.\n\nYour host\n/,
    );
    expect(email.html).toContain("<p>Dear Ana &lt;b&gt;Lima&lt;/b&gt;,</p>");
    expect(email.html).toContain("<p>Thank you for coming!<br>\nSee you soon.</p>");
    // A bulk message from the host: nothing to act on about the RSVP, but a way out of the host's messages.
    expect(Object.keys(email.links)).toEqual(["unsubscribe"]);
    expect(email.headers["List-Unsubscribe"]).toBe(`<${email.links.unsubscribe}>`);
    expect(email.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(email.headers["X-Rsvp-Kind"]).toBe("thank-you");
  });
});
