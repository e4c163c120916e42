import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { timerNames } from "../../core/timer-plan.ts";
import { cancel, commandOf } from "../helpers/factories.ts";
import { type Lifecycle, onEachRuntime, type ReadEmail } from "../helpers/lifecycle-harness.ts";

const DAY = 86_400_000;

/** The calendar entry an email carries, parsed by ical.js. */
function calendarOf(email: ReadEmail | undefined) {
  const file = email?.attachments.find((a) => a.contentType.startsWith("text/calendar"));
  if (!file) throw new Error(`no calendar entry in "${email?.subject}"`);
  const calendar = new ICAL.Component(ICAL.parse(file.content));
  const entry = new ICAL.Event(calendar.getFirstSubcomponent("vevent")!);
  return { method: calendar.getFirstPropertyValue("method"), entry };
}

onEachRuntime((start) => {
  let life: Lifecycle;

  const edit = (changes: Record<string, unknown>, commandId?: string) =>
    commandOf(life.eventId, { type: "edit-event", changes }, { lane: "host", commandId });

  describe("the host moves the event", () => {
    it("every confirmed, offered and waitlisted guest is told once; the confirmed get the updated calendar entry", async () => {
      life = await start({ capacity: 1 });
      await life.registerAll(["ana@example.org", "ben@example.org"]);
      const confirmation = calendarOf((await life.mail("ana@example.org"))[0]);
      expect(confirmation.method).toBe("REQUEST");
      expect(confirmation.entry.sequence).toBe(0);

      const newStart = new Date(Date.parse(life.event.startsAt) + DAY).toISOString();
      await life.send(edit({ startsAt: newStart, place: "Café Lima" }, "move-1"));
      expect(await life.outcome("move-1")).toMatchObject({ kind: "event-edited", guestsNotified: true });
      expect((await life.current()).calendarSequence).toBe(1);

      const [, moved] = await life.mail("ana@example.org");
      expect(moved?.subject).toMatch(/^New time and place: Summer party/);
      expect(moved?.text).toContain("Café Lima");
      const update = calendarOf(moved);
      expect(update.method).toBe("REQUEST");
      expect(update.entry.uid).toBe(confirmation.entry.uid);
      expect(update.entry.sequence).toBe(1);
      expect(update.entry.startDate.toJSDate().toISOString()).toBe(newStart);
      expect(update.entry.location).toBe("Café Lima");

      const benMail = await life.mail("ben@example.org");
      expect(benMail.map((m) => m.subject)).toEqual([
        expect.stringContaining("waitlist"),
        expect.stringMatching(/^New time and place/),
      ]);
      expect(benMail[1]?.attachments).toEqual([]);
      expect(benMail[1]?.links.cancel).toBeDefined();

      // The same edit again (a second click, another tab) changes nothing and sends nothing.
      await life.send(edit({ startsAt: newStart, place: "Café Lima" }, "move-2"));
      expect(await life.outcome("move-2")).toEqual({ kind: "unchanged", guestId: null });
      expect(await life.mail("ana@example.org")).toHaveLength(2);
    });

    it("changing the name or description tells nobody; the calendar sequence stays", async () => {
      life = await start({ capacity: 5 });
      await life.registerAll(["ana@example.org"]);
      await life.send(edit({ name: "Summer party 2026", description: "Bring a salad." }));
      expect((await life.current()).calendarSequence).toBe(0);
      expect(await life.mail("ana@example.org")).toHaveLength(1);
    });

    it("the reminders, summaries and end timer move with the start", async () => {
      life = await start({ capacity: 5, settings: { hostEmail: "host@example.org" } as never });
      const [ana] = await life.registerAll(["ana@example.org"]);
      const newStart = new Date(Date.parse(life.event.startsAt) + 10 * DAY).toISOString();
      await life.send(edit({ startsAt: newStart }));
      const names = life.timerNames();
      expect(names).toEqual(
        expect.arrayContaining([
          `remind-week-${ana!.guestId}`,
          `remind-day-${ana!.guestId}`,
          `remind-morning-${ana!.guestId}`,
          timerNames.eventEnded(life.eventId),
        ]),
      );
      const reminders = async () =>
        (await life.mail("ana@example.org")).map((m) => m.subject).filter((s) => /^Reminder/.test(s));
      // By the old start's eve, the old week-out and day-out reminders would have fired: the moved ones have not.
      await life.advance(29 * DAY + 12 * 3_600_000, 12 * 3_600_000);
      expect(await reminders()).toEqual([]);
      // A week before the new start, the week-out reminder comes.
      await life.advance(4 * DAY, 12 * 3_600_000);
      expect(await reminders()).toEqual(["Reminder: Summer party is in 7 days"]);
    });

    it("a cancelled guest's calendar entry is removed: METHOD:CANCEL, same UID, higher SEQUENCE", async () => {
      life = await start({ capacity: 5 });
      const [ana] = await life.registerAll(["ana@example.org"]);
      await life.send(edit({ place: "Park" }));
      await life.send(cancel(life.eventId, ana!.guestId));
      const mail = await life.mail("ana@example.org");
      const first = calendarOf(mail[0]);
      const last = calendarOf(mail.at(-1));
      expect(last.method).toBe("CANCEL");
      expect(last.entry.uid).toBe(first.entry.uid);
      expect(last.entry.sequence).toBe(2);
    });
  });
});
