import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStores } from "../../runtime/embedded/embedded-runtime.ts";
import { hostedEvent } from "../helpers/factories.ts";
import { queuedCommands } from "../helpers/offline-data-dir.ts";
import { formIdIn, postForm, webAppOver } from "../helpers/web-app.ts";

// The thank-you page's forms through the real web app over real SQLite stores, without a keeper: what a post
// queues (or why it is refused) is what matters here; the lifecycle scenarios apply them (test/e2e/thank-you).
let dir: string;
let stores: ReturnType<typeof openStores>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "rsvp-thanks-web-"));
  stores = openStores(dir);
});
afterEach(() => {
  stores.db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function setUp() {
  const app = webAppOver(stores);
  const { event, host } = hostedEvent({ timeZone: "UTC" });
  await stores.store.createEvent(event);
  return { app, host };
}

/** What is waiting in the queue, oldest first. */
const queued = () => queuedCommands(stores.db);

describe("the thank-you page", () => {
  it("before the end, shows when the note goes out and queues the host's setting and notes", async () => {
    const { app, host } = await setUp();
    const home = await (await app.request(host)).text();
    expect(home).toContain(`<a href="${host}/thanks">Thank-you note</a>`);

    const page = await (await app.request(`${host}/thanks`)).text();
    expect(page).toContain('name="mode" value="auto" checked');
    expect(page).toContain("Right now it is sent as soon as it is drafted.");
    const formId = formIdIn(page);

    const res = await postForm(app, `${host}/thanks/settings`, {
      formId,
      mode: "approve",
      notes: "The band!",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(new RegExp(`^${host}/thanks\\?done=h-`));
    expect(queued()).toEqual([
      expect.objectContaining({ type: "set-thank-you", lane: "host", mode: "approve", notes: "The band!" }),
    ]);
  });

  it("refuses a mode it does not know, notes that are too long and a draft with a mistyped placeholder", async () => {
    const { app, host } = await setUp();
    const formId = randomUUID();

    const mode = await postForm(app, `${host}/thanks/settings`, { formId, mode: "sometimes", notes: "" });
    expect(mode.status).toBe(400);
    expect(await mode.text()).toContain("auto, approve or off");

    const long = await postForm(app, `${host}/thanks/settings`, {
      formId,
      mode: "auto",
      notes: "x".repeat(1_001),
    });
    expect(long.status).toBe(400);
    expect(await long.text()).toContain("at most 1,000 characters");

    const typo = await postForm(app, `${host}/thanks/approve`, { formId, body: "Dear {nmae}, thank you!" });
    expect(typo.status).toBe(400);
    expect(await typo.text()).toContain("{name}");

    const empty = await postForm(app, `${host}/thanks/approve`, { formId, body: "  " });
    expect(empty.status).toBe(400);
    expect(queued()).toEqual([]);
  });

  it("answers an unknown host link with not found", async () => {
    const { app } = await setUp();
    expect((await app.request("/h/not-a-token/thanks")).status).toBe(404);
  });
});
