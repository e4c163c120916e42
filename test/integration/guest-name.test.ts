import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cachedKeyring } from "../../adapters/local/keyring-cache.ts";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import type { Keyring, LinkAction } from "../../contracts/link.ts";
import { signedLinkMinter } from "../../core/link-minter.ts";
import { linkExpiry } from "../../core/link-token.ts";
import { type EmbeddedRuntime, startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import { commandOf, fakeClock, newEvent, register } from "../helpers/factories.ts";
import { type TestWebApp as App, postForm, webAppOver } from "../helpers/web-app.ts";

// A guest corrects their own name from their manage link's page (issue 14 §3): one `edit-guest` through the
// keeper, lane `link`, name only.
const origin = "http://rsvp.test";
let dir: string;
let clock: ReturnType<typeof fakeClock>;
let keyring: () => Keyring;
let runtime: EmbeddedRuntime | null;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "rsvp-guest-name-"));
  clock = fakeClock();
  keyring = cachedKeyring(dir);
  runtime = null;
});
afterEach(async () => {
  await runtime?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function setUp() {
  runtime = await startEmbedded({ dataDir: dir, http: false, clock, logger: pino({ level: "silent" }) });
  const event = newEvent({ capacity: 5 });
  expect(await runtime.store.createEvent(event)).toBe(true);
  await runtime.queue.send([
    register(event.eventId, "ana@example.org", "Ana Lmia", { issuedAt: clock.now() }),
  ]);
  await runtime.idle();
  const guest = (await runtime.store.listGuests(event.eventId))[0]!;
  const app = webAppOver(runtime, { clock, links: { keyring } });
  return { rt: runtime, app, event, guest };
}

function linkOf(event: EventRecord, guest: GuestRecord, action: LinkAction): string {
  const expiresAt = new Date(linkExpiry(new Date(event.startsAt)));
  const minter = signedLinkMinter({ keyring, baseUrl: () => origin, clock });
  return minter
    .url({ eventId: event.eventId, guestId: guest.guestId, action, expiresAt })
    .slice(origin.length);
}

const open = async (app: App, path: string) => {
  const res = await app.request(path, { headers: { accept: "text/html" } });
  expect(res.status, path).toBe(200);
  return res.text();
};

describe("a guest corrects their own name", () => {
  it("from the manage link's page: the name on the list changes, audited as the guest's edit", async () => {
    const { rt, app, event, guest } = await setUp();
    const manage = linkOf(event, guest, "cancel");
    const namePage = manage.replace("/l/", "/name/");
    // The link's page keeps its one button and links to the name page.
    expect(await open(app, manage)).toContain(`<a href="${namePage}">Is your name spelled right?`);
    const before = await open(app, `${namePage}`);
    expect(before).toContain(`<form method="post" action="${namePage}"`);
    expect(before).toContain('value="Ana Lmia"');

    const res = await postForm(app, `${namePage}`, { name: "Ana Lima" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${namePage}?saved=1`);
    // The same name twice (a double click) is one command.
    expect((await postForm(app, `${namePage}`, { name: "Ana Lima" })).status).toBe(303);
    await rt.idle();
    expect((await rt.store.getGuest(event.eventId, guest.guestId))?.name).toBe("Ana Lima");
    const after = await open(app, `${namePage}?saved=1`);
    expect(after).toContain("Your name is saved.");
    expect(after).toContain('value="Ana Lima"');
    const edits = (await rt.audit.list(event.eventId)).filter((e) => e.action === "edit");
    expect(edits).toHaveLength(1);
    expect(edits[0]).toMatchObject({
      lane: "link",
      actor: "ana@example.org",
      from: "confirmed",
      to: "confirmed",
    });
  });

  it("an empty name comes back on the page with its problem (422); a forged link is refused; the party is not theirs to change", async () => {
    const { rt, app, event, guest } = await setUp();
    const manage = linkOf(event, guest, "cancel");
    const namePage = manage.replace("/l/", "/name/");
    const empty = await postForm(app, `${namePage}`, { name: "  " });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('aria-invalid="true"');
    const forged = await postForm(app, `${namePage.slice(0, -4)}AAAA`, { name: "Mallory" });
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(forged.status).toBeLessThan(500);

    // A party change from the link lane is the host's alone: the keeper refuses it.
    await rt.queue.send([
      commandOf(
        event.eventId,
        { type: "edit-guest", guestId: guest.guestId, party: 2 },
        { lane: "link", issuedAt: clock.now() },
      ),
    ]);
    await rt.idle();
    expect((await rt.store.getGuest(event.eventId, guest.guestId))?.party).toBe(1);
  });
});
