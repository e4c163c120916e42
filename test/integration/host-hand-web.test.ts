import pino from "pino";
import { describe, expect, it } from "vitest";
import { SqliteMailOutbox } from "../../adapters/local/sqlite-mail-outbox.ts";
import { auditDifferences, replayAudit } from "../../core/audit-trail.ts";
import type { EmbeddedRuntime } from "../../runtime/embedded/embedded-runtime.ts";
import { hostedEvent, register } from "../helpers/factories.ts";
import { scratchDataDir } from "../helpers/scratch-data-dir.ts";
import { type TestWebApp as App, formIdIn, postForm, webAppOver } from "../helpers/web-app.ts";

// The host's hand on the guest list (issue 14 §3) through the real web app over the embedded runtime: each form
// post is one command, the keeper applies it, the guest list reports what became of it.
const silent = pino({ level: "silent" });
const data = scratchDataDir("host-hand-web");

async function setUp(capacity: number, maxParty = 4) {
  const rt = await data.start({ http: false, logger: silent });
  const { event, host } = hostedEvent({ capacity, settings: { maxParty } });
  expect(await rt.store.createEvent(event)).toBe(true);
  const app = webAppOver(rt, { audit: rt.audit });
  return { rt, app, eventId: event.eventId, host };
}

const page = async (app: App, path: string) => {
  const res = await app.request(path, { headers: { accept: "text/html" } });
  expect(res.status, path).toBe(200);
  return res.text();
};

/** Posts a guest list form with the page's form id; returns where the 303 leads. */
async function post(app: App, host: string, path: string, fields: Record<string, string> = {}) {
  const formId = formIdIn(await page(app, `${host}/guests`));
  const res = await postForm(app, `${host}${path}`, { formId, ...fields });
  expect(res.status, await res.clone().text()).toBe(303);
  return res.headers.get("location")!;
}

async function guest(rt: EmbeddedRuntime, eventId: string, email: string) {
  const found = (await rt.store.listGuests(eventId)).find((g) => g.email === email);
  if (!found) throw new Error(`no guest ${email}`);
  return found;
}

async function seat(rt: EmbeddedRuntime, eventId: string, email: string, party = 1) {
  await rt.queue.send([register(eventId, email, email.split("@")[0], { party })]);
  await rt.idle();
  return guest(rt, eventId, email);
}

const emailsTo = async (rt: EmbeddedRuntime, eventId: string, to: string) =>
  (await new SqliteMailOutbox(rt.db).list({ eventId, limit: 1000 })).filter((m) => m.to === to);

async function auditAddsUp(rt: EmbeddedRuntime, eventId: string) {
  const event = await rt.store.getEvent(eventId);
  expect(auditDifferences(replayAudit(await rt.audit.list(eventId)), event!)).toEqual([]);
}

describe("the host's hand on the guest list", () => {
  it("shows a Change area per guest and an Add a guest form", async () => {
    const { rt, app, eventId, host } = await setUp(5);
    const ana = await seat(rt, eventId, "ana@example.org", 2);
    const list = await page(app, `${host}/guests`);
    expect(list).toContain('<details class="hand">');
    expect(list).toContain(`action="${host}/guests/${ana.guestId}/edit"`);
    expect(list).toContain(`action="${host}/guests/${ana.guestId}/remove"`);
    expect(list).not.toContain(`action="${host}/guests/${ana.guestId}/admit"`);
    expect(list).toContain(`action="${host}/guests/add"`);
    expect(list).toContain('max="4"');
  });

  it("removing a confirmed party offers its seats to the next in line, and the removed guest is told", async () => {
    const { rt, app, eventId, host } = await setUp(2);
    const ana = await seat(rt, eventId, "ana@example.org", 2);
    const ben = await seat(rt, eventId, "ben@example.org", 2);
    expect(ben.status).toBe("waitlisted");

    const back = await post(app, host, `/guests/${ana.guestId}/remove`, { notify: "on" });
    await rt.idle();
    expect((await guest(rt, eventId, "ana@example.org")).status).toBe("cancelled");
    expect((await guest(rt, eventId, "ben@example.org")).status).toBe("offered");
    const notice = await page(app, back);
    expect(notice).toContain("ana &lt;ana@example.org&gt; is off the list and was emailed.");
    expect(notice).toContain("2 seats are free again");
    const told = await emailsTo(rt, eventId, "ana@example.org");
    expect(told.map((m) => m.subject)).toContain("Your seat at Summer party was cancelled by the host");
    const audit = await rt.audit.list(eventId);
    expect(audit.find((e) => e.action === "remove")).toMatchObject({
      lane: "host",
      from: "confirmed",
      to: "cancelled",
    });
    await auditAddsUp(rt, eventId);
  });

  it("a quiet removal sends the guest nothing, and removing them again changes nothing", async () => {
    const { rt, app, eventId, host } = await setUp(3);
    const ana = await seat(rt, eventId, "ana@example.org");
    const before = (await emailsTo(rt, eventId, "ana@example.org")).length;
    const back = await post(app, host, `/guests/${ana.guestId}/remove`);
    await rt.idle();
    expect(await page(app, back)).toContain("(no email was sent)");
    expect(await emailsTo(rt, eventId, "ana@example.org")).toHaveLength(before);
    const again = await post(app, host, `/guests/${ana.guestId}/remove`, { notify: "on" });
    await rt.idle();
    expect(await page(app, again)).toContain("Nothing to change: it was already so.");
    expect(await emailsTo(rt, eventId, "ana@example.org")).toHaveLength(before);
    await auditAddsUp(rt, eventId);
  });

  it("admits a waiting guest while their party fits, and refuses clearly when it does not", async () => {
    const { rt, app, eventId, host } = await setUp(3);
    await seat(rt, eventId, "ana@example.org", 2);
    const ben = await seat(rt, eventId, "ben@example.org", 2);
    const cleo = await seat(rt, eventId, "cleo@example.org", 1);
    expect([ben.status, cleo.status]).toEqual(["waitlisted", "waitlisted"]);

    // One seat is free: Ben's party of 2 does not fit, Cleo's party of 1 does.
    const refused = await post(app, host, `/guests/${ben.guestId}/admit`);
    await rt.idle();
    expect(await page(app, refused)).toContain("not enough seats are free for that party");
    expect((await guest(rt, eventId, "ben@example.org")).status).toBe("waitlisted");

    const admitted = await post(app, host, `/guests/${cleo.guestId}/admit`);
    await rt.idle();
    expect(await page(app, admitted)).toContain("cleo &lt;cleo@example.org&gt; is confirmed.");
    expect((await guest(rt, eventId, "cleo@example.org")).status).toBe("confirmed");
    expect((await emailsTo(rt, eventId, "cleo@example.org")).length).toBe(2);
    const event = await rt.store.getEvent(eventId);
    expect(event).toMatchObject({ confirmed: 3, offered: 0, waitlisted: 2 });
    await auditAddsUp(rt, eventId);
  });

  it("edits a name and lowers a party, whose freed seat goes to the next in line; a raise without seats is refused", async () => {
    const { rt, app, eventId, host } = await setUp(3);
    const ana = await seat(rt, eventId, "ana@example.org", 3);
    await seat(rt, eventId, "ben@example.org", 1);

    const raised = await post(app, host, `/guests/${ana.guestId}/edit`, { name: "ana", party: "4" });
    await rt.idle();
    expect(await page(app, raised)).toContain("not enough seats are free");
    expect((await guest(rt, eventId, "ana@example.org")).party).toBe(3);

    const lowered = await post(app, host, `/guests/${ana.guestId}/edit`, { name: "Ana Lima", party: "2" });
    await rt.idle();
    expect(await page(app, lowered)).toContain(
      "Ana Lima &lt;ana@example.org&gt; is saved. One seat is free again",
    );
    expect(await guest(rt, eventId, "ana@example.org")).toMatchObject({ name: "Ana Lima", party: 2 });
    expect((await guest(rt, eventId, "ben@example.org")).status).toBe("offered");
    expect(await rt.store.getEvent(eventId)).toMatchObject({ confirmed: 2, offered: 1, waitlisted: 0 });
    await auditAddsUp(rt, eventId);
  });

  it("adds a guest by hand: confirmed while seats are free, else waitlisted, and on the waitlist when asked", async () => {
    const { rt, app, eventId, host } = await setUp(3);
    const first = await post(app, host, "/guests/add", {
      name: "Dana",
      email: "dana@example.org",
      party: "2",
    });
    await rt.idle();
    expect(await page(app, first)).toContain("Dana &lt;dana@example.org&gt; is added and confirmed.");
    expect(await guest(rt, eventId, "dana@example.org")).toMatchObject({
      status: "confirmed",
      lane: "host",
      party: 2,
    });
    expect((await emailsTo(rt, eventId, "dana@example.org")).length).toBe(1);

    // In line though a seat is free: the line's next offer round offers it to them, to claim.
    const inLine = await post(app, host, "/guests/add", {
      name: "Gus",
      email: "gus@example.org",
      party: "1",
      waitlist: "on",
    });
    await rt.idle();
    expect(await page(app, inLine)).toContain("Gus &lt;gus@example.org&gt; is added to the waitlist");
    expect((await guest(rt, eventId, "gus@example.org")).status).toBe("offered");

    const full = await post(app, host, "/guests/add", { name: "Eli", email: "eli@example.org", party: "1" });
    await rt.idle();
    expect(await page(app, full)).toContain("is added to the waitlist (place 1)");

    const again = await post(app, host, "/guests/add", {
      name: "Dana B",
      email: "DANA@example.org",
      party: "1",
    });
    await rt.idle();
    expect(await page(app, again)).toContain("is already on the list; nothing was changed.");
    await auditAddsUp(rt, eventId);
  });

  it("a form the server cannot take comes back inline with what was typed (422), an unknown guest is 404", async () => {
    const { rt, app, eventId, host } = await setUp(2, 2);
    const ana = await seat(rt, eventId, "ana@example.org");
    const formId = formIdIn(await page(app, `${host}/guests`));

    const badParty = await postForm(app, `${host}/guests/add`, {
      formId,
      name: "Fay",
      email: "fay@example.org",
      party: "3",
    });
    expect(badParty.status).toBe(422);
    const badPartyPage = await badParty.text();
    expect(badPartyPage).toContain("party: at most 2 seats for this event");
    expect(badPartyPage).toContain('value="fay@example.org"');

    const badEmail = await postForm(app, `${host}/guests/add`, {
      formId,
      name: "Fay",
      email: "fay",
      party: "1",
    });
    expect(badEmail.status).toBe(422);
    expect(await badEmail.text()).toContain("email must be a valid address");

    const badEdit = await postForm(app, `${host}/guests/${ana.guestId}/edit`, {
      formId,
      name: "",
      party: "x",
    });
    expect(badEdit.status).toBe(422);
    const badEditPage = await badEdit.text();
    expect(badEditPage).toContain('<details class="hand" open>');
    expect(badEditPage).toContain("party must be a whole number of seats");

    const unknown = await postForm(app, `${host}/guests/nobody-here/remove`, { formId });
    expect(unknown.status).toBe(404);
    const forged = await postForm(app, `${host}/guests/${ana.guestId}/remove`, { formId: "forged_abc" });
    expect(forged.status).toBe(403);
    expect(rt.queue.depth?.() ?? 0).toBe(0);
  });

  it("a double-submitted remove is one command", async () => {
    const { rt, app, eventId, host } = await setUp(2);
    const ana = await seat(rt, eventId, "ana@example.org");
    const formId = formIdIn(await page(app, `${host}/guests`));
    const a = await postForm(app, `${host}/guests/${ana.guestId}/remove`, { formId, notify: "on" });
    const b = await postForm(app, `${host}/guests/${ana.guestId}/remove`, { formId, notify: "on" });
    expect(a.headers.get("location")).toBe(b.headers.get("location"));
    await rt.idle();
    const removals = (await rt.audit.list(eventId)).filter((e) => e.action === "remove");
    expect(removals).toHaveLength(1);
  });
});
