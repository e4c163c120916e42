import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { adminOwners } from "../helpers/admin-session.ts";
import { runCliInProcess } from "../helpers/cli-in-process.ts";

/**
 * "Still coming?" in the admin form (docs/reconfirm.md), on the embedded runtime: the section with its
 * defaults, the errors from the catalogs (English and German), the setting saved through the edit path the
 * keeper applies, and the CLI reading back what the form saved (and the form what the CLI set).
 */
const signedIn = adminOwners("admin-reconfirm");
/** The data dir of the runtime the test's owner signed in to (the CLI reads it too). */
let dir = "";

/** The owner signed in, in `language`; `get` reads a page's text. */
async function owner(language = "en") {
  const session = await signedIn(language);
  dir = session.dir;
  return { ...session, get: async (path: string) => (await session.get(path)).text() };
}

const inDays = (days: number, time = "19:00") =>
  `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T${time}`;

const eventForm = (overrides: Record<string, string> = {}): Record<string, string> => ({
  formId: `form-${randomBytes(6).toString("hex")}`,
  name: "Winter party",
  language: "en",
  startsAt: inDays(30),
  endsAt: inDays(30, "23:00"),
  timeZone: "Europe/Berlin",
  capacity: "40",
  maxParty: "1",
  claimWindowHours: "6",
  summaryDays: "7",
  thankYou: "auto",
  quietStart: "21:00",
  quietEnd: "08:00",
  ...overrides,
});

const eventIdIn = (page: string) => /href="http:\/\/rsvp\.test\/e\/([a-z0-9]+)"/.exec(page)![1]!;

/** `rsvp event list --json`'s row of the event, read from the same data dir. */
async function listed(eventId: string) {
  const out = await runCliInProcess(["event", "list", "--data", dir, "--json"]);
  expect(out.code, out.stderr).toBe(0);
  return JSON.parse(out.stdout).find((e: { eventId: string }) => e.eventId === eventId);
}

describe("still coming? in the admin form", () => {
  it("shows the section off with its defaults; turned on it is saved, and the CLI lists what the form set", async () => {
    const { rt, get, post } = await owner();
    const form = await get("/admin/events/new");
    expect(form).toContain("Still coming? (reconfirm)");
    expect(form).toMatch(
      /<input type="checkbox" name="reconfirm" value="on" aria-describedby="f-reconfirm-hint">/,
    );
    expect(form).toMatch(/name="reconfirmDays"[^>]*value="2"/);
    expect(form).toMatch(/name="reconfirmHours"[^>]*value="24"/);
    expect(form).not.toMatch(/name="reconfirmRelease"[^>]*checked/);

    // Created without it: off.
    const plain = await post("/admin/events", eventForm());
    expect(plain.status).toBe(201);
    const plainId = eventIdIn(await plain.text());
    expect((await rt.store.getEvent(plainId))?.settings.reconfirm).toBeNull();

    // Created with it, the defaults as shown.
    const created = await post(
      "/admin/events",
      eventForm({ reconfirm: "on", reconfirmDays: "2", reconfirmHours: "24" }),
    );
    expect(created.status).toBe(201);
    const eventId = eventIdIn(await created.text());
    expect((await rt.store.getEvent(eventId))?.settings.reconfirm).toEqual({
      daysBefore: 2,
      onNoAnswer: "keep",
      answerHours: 24,
    });

    // Edited: three days, release after 12 hours, through the keeper.
    const edit = eventForm({
      reconfirm: "on",
      reconfirmDays: "3",
      reconfirmRelease: "on",
      reconfirmHours: "12",
    });
    expect((await post(`/admin/events/${eventId}`, edit)).status).toBe(303);
    await rt.idle();
    const setting = { daysBefore: 3, onNoAnswer: "release", answerHours: 12 };
    expect((await rt.store.getEvent(eventId))?.settings.reconfirm).toEqual(setting);
    const page = await get(`/admin/events/${eventId}`);
    expect(page).toMatch(/name="reconfirm" value="on"[^>]*checked/);
    expect(page).toMatch(/name="reconfirmDays"[^>]*value="3"/);
    expect(page).toMatch(/name="reconfirmRelease" value="on"[^>]*checked/);
    expect(page).toMatch(/name="reconfirmHours"[^>]*value="12"/);
    expect((await listed(eventId)).reconfirm).toEqual(setting);
    expect((await listed(plainId)).reconfirm).toBeNull();
    // The CLI's CSV has the reconfirmed_at column the host's download has, for this event only.
    const header = async (id: string) =>
      (await runCliInProcess(["guests", id, "--data", dir, "--csv"])).stdout.split("\n")[0];
    expect(await header(eventId)).toBe(
      "name,email,status,waitlist_position,lane,registered_at,updated_at,party,reconfirmed_at",
    );
    expect(await header(plainId)).toMatch(/,party$/);

    // Turned off again.
    expect((await post(`/admin/events/${eventId}`, eventForm({ reconfirmDays: "3" }))).status).toBe(303);
    await rt.idle();
    expect((await rt.store.getEvent(eventId))?.settings.reconfirm).toBeNull();
    expect((await listed(eventId)).reconfirm).toBeNull();
  });

  it("refuses days or hours out of range, beside the field and in the summary, keeping what was typed; in German too", async () => {
    for (const [language, days, hours] of [
      [
        "en",
        "Enter the days before the event as a whole number from 1 to 30",
        "Enter the hours to answer as a number from 1 to 168",
      ],
      [
        "de",
        "Gib die Tage vor der Veranstaltung als ganze Zahl von 1 bis 30 ein",
        "Gib die Stunden zum Antworten als Zahl von 1 bis 168 ein",
      ],
    ] as const) {
      const { post, rt: runtime } = await owner(language);
      const refused = await post(
        "/admin/events",
        eventForm({ reconfirm: "on", reconfirmDays: "31", reconfirmHours: "0" }),
      );
      expect(refused.status).toBe(400);
      const page = await refused.text();
      expect(page).toContain(`<a href="#f-reconfirmDays">${days}</a>`);
      expect(page).toContain(`<span class="error" id="f-reconfirmDays-error">${days}</span>`);
      expect(page).toContain(`<a href="#f-reconfirmHours">${hours}</a>`);
      expect(page).toMatch(
        /name="reconfirmDays" aria-describedby="f-reconfirmDays-hint f-reconfirmDays-error" aria-invalid="true"[^>]*value="31"/,
      );
      expect(await runtime.store.listEvents()).toEqual([]);
      // Off, the numbers are not read: nothing to refuse.
      expect((await post("/admin/events", eventForm({ reconfirmDays: "31" }))).status).toBe(201);
    }
  });

  it("shows in the form what rsvp event edit set, and an admin edit keeps the settings the form does not show", async () => {
    const { rt, get, post } = await owner();
    const created = await post("/admin/events", eventForm());
    const eventId = eventIdIn(await created.text());
    const edit = await runCliInProcess([
      ...["event", "edit", eventId, "--data", dir, "--reconfirm", "4", "--reconfirm-release"],
      ...["--reconfirm-hours", "6", "--retention-days", "30"],
    ]);
    expect(edit.code, edit.stderr).toBe(0);
    await rt.idle();
    const page = await get(`/admin/events/${eventId}`);
    expect(page).toMatch(/name="reconfirmDays"[^>]*value="4"/);
    expect(page).toMatch(/name="reconfirmRelease" value="on"[^>]*checked/);
    expect(page).toMatch(/name="reconfirmHours"[^>]*value="6"/);

    // The form saved again (a new name): the retention set by the CLI, which the form does not show, stays.
    const fields = eventForm({
      name: "Winter party 2",
      reconfirm: "on",
      reconfirmDays: "4",
      reconfirmRelease: "on",
      reconfirmHours: "6",
    });
    expect((await post(`/admin/events/${eventId}`, fields)).status).toBe(303);
    await rt.idle();
    const stored = await rt.store.getEvent(eventId);
    expect(stored?.name).toBe("Winter party 2");
    expect(stored?.settings.retentionDays).toBe(30);
    expect(stored?.settings.reconfirm).toEqual({ daysBefore: 4, onNoAnswer: "release", answerHours: 6 });
  });
});
