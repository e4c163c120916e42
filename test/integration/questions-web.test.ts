import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cachedKeyring } from "../../adapters/local/keyring-cache.ts";
import { createEventRecord } from "../../core/event-factory.ts";
import { hashHostToken, mintHostToken } from "../../core/host-token.ts";
import { type EmbeddedRuntime, startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import { sampleQuestions } from "../helpers/questions.ts";
import { type TestWebApp as App, postForm, webAppOver } from "../helpers/web-app.ts";

/**
 * Questions on the form (issue 15 §1) over the web: the register page asks them, a form post with a problem is
 * re-shown with the problem beside the question (422), JSON answers are checked by the same contract, the
 * answers are stored with the guest, and the guest changes them from the manage page's answers link.
 */
const silent = pino({ level: "silent" });
let dir: string;
let runtime: EmbeddedRuntime | null;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "rsvp-questions-web-"));
  runtime = null;
});
afterEach(async () => {
  await runtime?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function start(language: "en" | "de" = "en") {
  runtime = await startEmbedded({ dataDir: dir, http: false, logger: silent });
  const app = webAppOver(runtime, { links: { keyring: cachedKeyring(dir) } });
  const event = createEventRecord(
    {
      eventId: `q-${Math.random().toString(36).slice(2, 8)}`,
      name: "Garden party",
      startsAtLocal: "2030-07-14T15:00",
      timeZone: "Europe/Berlin",
      capacity: 10,
      hostTokenHash: hashHostToken(mintHostToken()),
      settings: { questions: sampleQuestions as never },
      details: { language },
    },
    new Date(),
  );
  expect(await runtime.store.createEvent(event)).toBe(true);
  return { rt: runtime, app, event };
}

const html = async (app: App, path: string) => {
  const res = await app.request(path, { headers: { accept: "text/html" } });
  expect(res.status).toBe(200);
  return res.text();
};

describe("the register page with questions", () => {
  it("asks each question with a label, choices in a fieldset with a legend, and required ones marked", async () => {
    const { app, event } = await start();
    const page = await html(app, `/e/${event.eventId}`);
    expect(page).toContain('<legend>Dietary needs <span class="required-mark">(required)</span></legend>');
    expect(page).toMatch(
      /<label for="q-allergies">Allergies <span class="optional-mark">\(optional\)<\/span><\/label>/,
    );
    expect(page).toContain('name="q.help.1" type="checkbox" value="Music"');
    expect(page).toContain('name="q.photos" type="checkbox" value="yes"');
  });

  it("re-shows the form with each problem beside its question (422), the typed answers kept", async () => {
    const { app, event } = await start();
    const res = await postForm(app, `/e/${event.eventId}/rsvp`, {
      name: "Ana",
      email: "ana@example.org",
      "q.allergies": "x".repeat(41),
      "q.help.0": "Setup",
    });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain('<a href="#q-diet">Answer “Dietary needs”</a>');
    expect(page).toContain("Tick “Photos of me may be shared” to register");
    expect(page).toContain("“Allergies” must be at most 40 characters");
    expect(page).toContain('value="Ana"');
    expect(page).toMatch(/name="q.help.0" type="checkbox" value="Setup" checked/);
  });

  it("says the problems in the event's language", async () => {
    const { app, event } = await start("de");
    const res = await postForm(app, `/e/${event.eventId}/rsvp`, { name: "Ana", email: "ana@example.org" });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Beantworte „Dietary needs“");
  });

  it("stores the answers of a good form post with the guest, and shows them on the manage page", async () => {
    const { rt, app, event } = await start();
    const res = await postForm(app, `/e/${event.eventId}/rsvp`, {
      name: "Ana",
      email: "ana@example.org",
      "q.diet": "Vegan",
      "q.help.0": "Setup",
      "q.help.2": "Cleanup",
      "q.photos": "yes",
    });
    expect(res.status).toBe(303);
    const statusPath = res.headers.get("location")!;
    await rt.idle();
    const [guest] = await rt.store.listGuests(event.eventId);
    expect(guest).toMatchObject({
      status: "confirmed",
      answers: { diet: "Vegan", help: ["Setup", "Cleanup"], photos: true },
    });
    const manage = await html(app, statusPath);
    expect(manage).toContain("<dt>Dietary needs</dt><dd>Vegan</dd>");
    expect(manage).toContain("<dt>Allergies</dt><dd>No answer</dd>");
    expect(manage).toMatch(/href="\/l\/answers\/[^"]+">Change my answers/);
  });

  it("checks JSON answers by the same contract: a missing required answer or an unknown question is a 400 naming it", async () => {
    const { rt, app, event } = await start();
    const post = (body: unknown) =>
      app.request(`/e/${event.eventId}/rsvp`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(body),
      });
    const missing = await post({ name: "Bo", email: "bo@example.org", answers: { diet: "Vegan" } });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: string }).error).toContain(
      '"Photos of me may be shared" must be answered yes',
    );
    const unknown = await post({
      name: "Bo",
      email: "bo@example.org",
      answers: { diet: "Vegan", photos: true, shoe: "42" },
    });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: string }).error).toContain('there is no question "shoe"');
    const wrong = await post({
      name: "Bo",
      email: "bo@example.org",
      answers: { diet: "Meat", photos: true },
    });
    expect(((await wrong.json()) as { error: string }).error).toContain(
      '"Dietary needs" must be one of: None, Vegetarian, Vegan',
    );
    const ok = await post({
      name: "Bo",
      email: "bo@example.org",
      answers: { diet: "None", photos: true, allergies: " nuts " },
    });
    expect(ok.status).toBe(202);
    await rt.idle();
    const [guest] = await rt.store.listGuests(event.eventId);
    expect(guest?.answers).toEqual({ diet: "None", photos: true, allergies: "nuts" });
  });
});

describe("a guest changes their answers from the manage page", () => {
  it("GET shows the form with the answers and changes nothing; the POST saves them once, and a bad one is re-shown", async () => {
    const { rt, app, event } = await start();
    const res = await postForm(app, `/e/${event.eventId}/rsvp`, {
      name: "Ana",
      email: "ana@example.org",
      "q.diet": "Vegan",
      "q.photos": "yes",
    });
    await rt.idle();
    const manage = await html(app, res.headers.get("location")!);
    const link = /href="(\/l\/answers\/[^"]+)"/.exec(manage)![1]!;
    const form = await html(app, link);
    expect(form).toMatch(/value="Vegan" checked/);

    const bad = await postForm(app, link, { "q.diet": "Vegan" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Tick “Photos of me may be shared” to register");

    const fields = { "q.diet": "Vegetarian", "q.photos": "yes", "q.allergies": "Peanuts" };
    const saved = await postForm(app, link, fields);
    expect(saved.status).toBe(303);
    const again = await postForm(app, link, fields);
    expect(again.headers.get("location")).toBe(saved.headers.get("location"));
    await rt.idle();
    const [guest] = await rt.store.listGuests(event.eventId);
    expect(guest).toMatchObject({
      status: "confirmed",
      answers: { diet: "Vegetarian", photos: true, allergies: "Peanuts" },
    });
    expect(guest?.lastChange.action).toBe("set-answers");
    expect(await html(app, saved.headers.get("location")!)).toContain("Your answers are saved.");
  });
});
