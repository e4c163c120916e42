import { parse } from "csv-parse/sync";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { mintHostToken } from "../../core/host-token.ts";
import type { AuditLog, CommandQueue, GuestReader, GuestStore } from "../../core/ports.ts";
import type { EmbeddedRuntime } from "../../runtime/embedded/embedded-runtime.ts";
import { cancel, closeRegistration, hostedEvent, register } from "../helpers/factories.ts";
import { scratchDataDir } from "../helpers/scratch-data-dir.ts";
import { type TestWebApp as App, formIdIn, postForm, webAppOver } from "../helpers/web-app.ts";

// The host's controls through the real web app over real SQLite stores. Where what the keeper makes of a
// host action matters, the embedded runtime runs in-process (no HTTP listener) and `idle()` waits for it;
// where only what was enqueued matters, the stores are opened without a keeper, so the queue depth tells.
const silent = pino({ level: "silent" });

const data = scratchDataDir("host-controls");

const start = (): Promise<EmbeddedRuntime> => data.start({ http: false, logger: silent });

const openOffline = () => data.open();

/** The web app over some stores, with their audit log when they have one. */
const webApp = (stores: { store: GuestReader; queue: CommandQueue; audit?: Pick<AuditLog, "list"> }) =>
  webAppOver(stores, { audit: stores.audit });

async function createEvent(store: GuestStore, capacity = 10) {
  const { event, host } = hostedEvent({ capacity });
  expect(await store.createEvent(event)).toBe(true);
  return { eventId: event.eventId, host };
}

const page = async (app: App, path: string) => {
  const res = await app.request(path, { headers: { accept: "text/html" } });
  expect(res.status, path).toBe(200);
  return res.text();
};

/** A form post that was accepted: 303 back to a host page that reports the outcome. */
function redirected(res: Response): string {
  expect(res.status).toBe(303);
  const location = res.headers.get("location");
  expect(location).toMatch(/\?done=h-[A-Za-z0-9_-]+$/);
  return location!;
}

async function guestsOf(store: GuestReader, eventId: string) {
  return new Map((await store.listGuests(eventId)).map((g) => [g.email, g]));
}

describe("the host page's controls", () => {
  it("a capacity change is queued from a plain form post, applied by the keeper and shown in the headcount", async () => {
    const rt = await start();
    const app = webApp(rt);
    const { host } = await createEvent(rt.store);
    const hostPage = await page(app, host);
    expect(hostPage).toContain(`<form method="post" action="${host}/capacity"`);

    const back = redirected(
      await postForm(app, `${host}/capacity`, { formId: formIdIn(hostPage), capacity: "25" }),
    );
    expect(back.startsWith(`${host}?done=`)).toBe(true);
    await rt.idle();

    const headcount = await (await app.request(`${host}/headcount`)).json();
    expect(headcount).toMatchObject({ capacity: 25, open: 25 });
    const after = await page(app, back);
    expect(after).toContain("Capacity changed from 10 to 25.");
    expect(after).toContain('<td data-field="capacity">25</td>');
  });

  it("closing registration closes the register page, and reopening opens it again", async () => {
    const rt = await start();
    const app = webApp(rt);
    const { eventId, host } = await createEvent(rt.store);

    const open = await page(app, host);
    expect(open).toContain("Close registration");
    redirected(await postForm(app, `${host}/close`, { formId: formIdIn(open) }));
    await rt.idle();
    const registerPage = await page(app, `/e/${eventId}`);
    expect(registerPage).toContain("Registration is closed.");
    expect(registerPage).not.toContain("<form");

    const closed = await page(app, host);
    expect(closed).toContain('<td data-field="registration">closed</td>');
    expect(closed).toContain(`action="${host}/reopen"`);
    redirected(await postForm(app, `${host}/reopen`, { formId: formIdIn(closed) }));
    await rt.idle();
    expect(await page(app, `/e/${eventId}`)).toContain(`<form method="post" action="/e/${eventId}/rsvp"`);
  });

  it("a double-submitted message form enqueues ONE command, and once applied a third send changes nothing", async () => {
    const stores = openOffline();
    const { eventId, host } = await createEvent(stores.store);
    const app = webApp(stores);
    const form = await page(app, `${host}/message`);
    expect(form).toContain(`<form method="post" action="${host}/message"`);
    const fields = { formId: formIdIn(form), subject: "Doors open at 7", body: "Bring a friend's smile." };

    const first = redirected(await postForm(app, `${host}/message`, fields));
    const second = redirected(await postForm(app, `${host}/message`, fields));
    expect(second).toBe(first);
    expect(stores.queue.depth()).toBe(1);
    stores.db.close();

    const rt = await start();
    await rt.idle();
    redirected(await postForm(webApp(rt), `${host}/message`, fields));
    await rt.idle();
    const messages = (await rt.audit.list(eventId)).filter((e) => e.action === "message-guests");
    expect(messages).toHaveLength(1);
    expect(messages[0]?.to).toBe("Doors open at 7");
    expect(await page(webApp(rt), first)).toContain("Your message is on its way to every confirmed guest.");
  });

  it("the same form sent again with another value is a new request, not a swallowed repeat", async () => {
    const stores = openOffline();
    const { host } = await createEvent(stores.store);
    const app = webApp(stores);
    const formId = formIdIn(await page(app, host));
    const a = redirected(await postForm(app, `${host}/capacity`, { formId, capacity: "20" }));
    const b = redirected(await postForm(app, `${host}/capacity`, { formId, capacity: "30" }));
    expect(b).not.toBe(a);
    expect(stores.queue.depth()).toBe(2);
  });
});

describe("the guest list", () => {
  it("lists every guest with status, place in line and how they signed up, and re-sends a guest's link through the keeper", async () => {
    const rt = await start();
    const app = webApp(rt);
    const { eventId, host } = await createEvent(rt.store, 1);
    await rt.queue.send([
      register(eventId, "ana@example.org", "Ana <b>Guest</b>"),
      register(eventId, "bo@example.org", "Bo Waiting"),
    ]);
    await rt.idle();
    const bo = (await guestsOf(rt.store, eventId)).get("bo@example.org")!;

    const list = await page(app, `${host}/guests`);
    expect(list).toContain("Ana &lt;b&gt;Guest&lt;/b&gt;");
    expect(list).toMatch(/<td>bo@example\.org<\/td><td>waitlisted<\/td><td>1<\/td><td>Web form<\/td>/);
    expect(list).not.toContain("<script");
    const resend = `${host}/guests/${bo.guestId}/resend`;
    expect(list).toContain(`action="${resend}"`);

    const back = redirected(await postForm(app, resend, { formId: formIdIn(list) }));
    expect(back.startsWith(`${host}/guests?done=`)).toBe(true);
    await rt.idle();
    const commandId = new URL(back, "http://x").searchParams.get("done")!;
    expect((await rt.store.getCommandResult(eventId, commandId))?.outcome).toEqual({
      kind: "notified",
      guestId: bo.guestId,
      notice: "resend-link",
    });
    const notified = (await rt.store.getGuest(eventId, bo.guestId))!;
    expect(notified.lastChange).toMatchObject({ action: "notify", notice: "resend-link", lane: "host" });
    expect(notified.status).toBe("waitlisted");
    expect(await page(app, back)).toContain("The link is on its way to Bo Waiting &lt;bo@example.org&gt;.");
  });

  it("a cancelled guest has no re-send button, and a forced re-send is refused by the keeper with a reason", async () => {
    const rt = await start();
    const app = webApp(rt);
    const { eventId, host } = await createEvent(rt.store);
    await rt.queue.send([register(eventId, "ana@example.org", "Ana Guest")]);
    await rt.idle();
    const ana = (await guestsOf(rt.store, eventId)).get("ana@example.org")!;
    await rt.queue.send([cancel(eventId, ana.guestId)]);
    await rt.idle();

    const list = await page(app, `${host}/guests`);
    expect(list).toContain("<td>cancelled</td>");
    expect(list).not.toContain(`/guests/${ana.guestId}/resend`);
    const back = redirected(
      await postForm(app, `${host}/guests/${ana.guestId}/resend`, {
        formId: formIdIn(await page(app, host)),
      }),
    );
    await rt.idle();
    expect(await page(app, back)).toContain("Not done: the guest has cancelled");
  });

  it("a re-send for a guest who is not on the list is a 404, and nothing is queued", async () => {
    const stores = openOffline();
    const { host } = await createEvent(stores.store);
    const res = await postForm(webApp(stores), `${host}/guests/no-such-guest/resend`, { formId: "f1" });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("there is no such guest");
    expect(stores.queue.depth()).toBe(0);
  });

  it("downloads as CSV with a formula-neutralised name and address, so a spreadsheet shows them as text", async () => {
    const rt = await start();
    const app = webApp(rt);
    const { eventId, host } = await createEvent(rt.store, 1);
    await rt.queue.send([
      register(eventId, "ana@example.org", "=SUM(A1)"),
      register(eventId, "-dash@example.org", '+Plus "Quoted", Name'),
      register(eventId, "cy@example.org", "@Cy"),
    ]);
    await rt.idle();

    const res = await app.request(`${host}/guests.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="guests-${eventId}.csv"`);
    const text = await res.text();
    const [header, ...rows] = parse(text, { bom: true }) as string[][];
    expect(header).toEqual([
      "name",
      "email",
      "status",
      "waitlist_position",
      "lane",
      "registered_at",
      "updated_at",
      "party",
    ]);
    expect(rows.map((r) => r.slice(0, 5))).toEqual([
      ["'=SUM(A1)", "ana@example.org", "confirmed", "", "web"],
      ['\'+Plus "Quoted", Name', "'-dash@example.org", "waitlisted", "1", "web"],
      ["'@Cy", "cy@example.org", "waitlisted", "2", "web"],
    ]);
    for (const row of rows) expect(Date.parse(row[5]!)).not.toBeNaN();
  });
});

describe("the audit trail page", () => {
  it("shows the host's change: who, lane, action, from → to and the counters around it", async () => {
    const rt = await start();
    const app = webApp(rt);
    const { host } = await createEvent(rt.store);
    const hostPage = await page(app, host);
    expect(hostPage).toContain(`href="${host}/audit"`);
    redirected(await postForm(app, `${host}/capacity`, { formId: formIdIn(hostPage), capacity: "12" }));
    await rt.idle();

    const audit = await page(app, `${host}/audit`);
    expect(audit).toMatch(
      /<td>host<\/td><td>host<\/td><td>set-capacity<\/td><td>10 → 12<\/td><td>0\/10, 0 waiting → 0\/12, 0 waiting<\/td>/,
    );
    expect(audit).toContain("<td>create-event</td>");
  });

  it("is not offered when the web app has no audit log", async () => {
    const stores = openOffline();
    const { host } = await createEvent(stores.store);
    const app = webApp({ store: stores.store, queue: stores.queue });
    expect(await page(app, host)).not.toContain(`${host}/audit`);
    expect((await app.request(`${host}/audit`)).status).toBe(404);
  });
});

describe("importing a guest list", () => {
  const csv = [
    "Name,Email",
    "Ana Guest,ana@example.org",
    "Bo,not-an-address",
    "Cy Guest,cy@example.org",
    "Ana Again,ANA@example.org",
    "",
  ].join("\n");
  const upload = (app: App, host: string, content: string, preConfirmed = false) => {
    const form = new FormData();
    form.set("file", new File([content], "guests.csv", { type: "text/csv" }));
    form.set("text", "");
    if (preConfirmed) form.set("preConfirmed", "yes");
    return app.request(`${host}/import`, { method: "POST", body: form, headers: { accept: "text/html" } });
  };

  it("invites each good row, reports bad and repeated rows by line, and a re-upload adds nobody twice", async () => {
    const rt = await start();
    const app = webApp(rt);
    const { eventId, host } = await createEvent(rt.store);
    expect(await page(app, `${host}/import`)).toContain('enctype="multipart/form-data"');

    const res = await upload(app, host, csv);
    expect(res.status).toBe(200);
    const result = await res.text();
    expect(result).toContain("2 guests imported");
    expect(result).toMatch(/<tr><td>3<\/td><td>[^<]*email[^<]*<\/td><\/tr>/);
    expect(result).toContain("<tr><td>5</td><td>ANA@example.org</td><td>2</td></tr>");
    await rt.idle();
    const guests = await guestsOf(rt.store, eventId);
    expect([...guests.keys()]).toEqual(["ana@example.org", "cy@example.org"]);
    expect(guests.get("ana@example.org")).toMatchObject({
      status: "pending",
      lane: "import",
      name: "Ana Guest",
    });

    const again = await upload(app, host, csv);
    expect(again.status).toBe(200);
    const repeat = await again.text();
    expect(repeat).toContain("Nobody new imported");
    expect(repeat).toContain("2 rows were imported before from this same file");
    await rt.idle();
    expect((await rt.store.listGuests(eventId)).map((g) => g.version)).toEqual([1, 1]);
  });

  it("pasted text with the pre-confirmed box ticked gives seats at once", async () => {
    const rt = await start();
    const app = webApp(rt);
    const { eventId, host } = await createEvent(rt.store, 1);
    const res = await postForm(app, `${host}/import`, {
      text: "email,first name,last name\nana@example.org,Ana,Guest\nbo@example.org,Bo,Later\n",
      preConfirmed: "yes",
    });
    expect(res.status).toBe(200);
    await rt.idle();
    const guests = await guestsOf(rt.store, eventId);
    expect(guests.get("ana@example.org")).toMatchObject({ status: "confirmed", name: "Ana Guest" });
    expect(guests.get("bo@example.org")?.status).toBe("waitlisted");
  });

  it("refuses a file without an email column (400), one over 2 MB (413) and any import while closed (409)", async () => {
    const stores = openOffline();
    const { eventId, host } = await createEvent(stores.store);
    const app = webApp(stores);

    const noEmail = await upload(app, host, "name,phone\nAna,123\n");
    expect(noEmail.status).toBe(400);
    expect(await noEmail.text()).toContain("Nobody new imported");

    const huge = await upload(app, host, `name,email\n${"x".repeat(2 * 1024 * 1024)}\n`);
    expect(huge.status).toBe(413);
    expect(await huge.text()).toContain("the upload is larger than 2 MB");

    const empty = await postForm(app, `${host}/import`, { text: "  " });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("choose a CSV file or paste the list");
    expect(stores.queue.depth()).toBe(0);

    stores.db.close();
    const rt = await start();
    await rt.queue.send([closeRegistration(eventId)]);
    await rt.idle();
    const closed = await upload(webApp(rt), host, csv);
    expect(closed.status).toBe(409);
    expect(await closed.text()).toContain("Reopen registration on the host page");
    expect(await rt.store.listGuests(eventId)).toEqual([]);
  });
});

describe("refusals", () => {
  it("a forged host token gets the same 404 on every host route, before any body is read, and nothing is queued", async () => {
    const stores = openOffline();
    await createEvent(stores.store);
    const app = webApp(stores);
    const forged = `/h/${mintHostToken()}`;
    const form = { formId: "form-1", capacity: "5", subject: "Hi", body: "Hello" };
    const posts = ["/capacity", "/close", "/reopen", "/message", "/guests/some-guest/resend", "/import"];
    for (const path of posts) {
      const res = await postForm(app, `${forged}${path}`, form);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).toContain("unknown host link");
    }
    const big = new FormData();
    big.set("file", new File(["x".repeat(3 * 1024 * 1024)], "big.csv"));
    expect((await app.request(`${forged}/import`, { method: "POST", body: big })).status).toBe(404);
    for (const path of ["", "/message", "/guests", "/guests.csv", "/audit", "/import", "/poster"]) {
      expect((await app.request(`${forged}${path}`)).status, path).toBe(404);
    }
    expect(stores.queue.depth()).toBe(0);
  });

  it.each([
    ["abc", "letters"],
    ["-1", "a negative number"],
    ["100001", "more than 100,000"],
    ["1.5", "a fraction"],
    ["1e3", "an exponent"],
    ["", "nothing"],
  ])("a capacity of %j (%s) is a 400 naming the rule, and nothing is queued", async (capacity) => {
    const stores = openOffline();
    const { host } = await createEvent(stores.store);
    const res = await postForm(webApp(stores), `${host}/capacity`, { formId: "form-1", capacity });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("capacity must be a whole number from 0 to 100,000");
    expect(stores.queue.depth()).toBe(0);
  });

  it("a message without a subject, a form without its id and a JSON body are refused with readable 4xx", async () => {
    const stores = openOffline();
    const { host } = await createEvent(stores.store);
    const app = webApp(stores);

    const noSubject = await postForm(app, `${host}/message`, { formId: "form-1", body: "Hello" });
    expect(noSubject.status).toBe(400);
    expect(await noSubject.text()).toContain("subject must not be empty");

    const noFormId = await postForm(app, `${host}/close`, {});
    expect(noFormId.status).toBe(400);
    expect(await noFormId.text()).toContain("reload the host page and send the form again");

    const json = await app.request(`${host}/capacity`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ formId: "form-1", capacity: 5 }),
    });
    expect(json.status).toBe(415);
    expect(((await json.json()) as { error: string }).error).toMatch(/host forms are sent as/);
    expect(stores.queue.depth()).toBe(0);
  });
});

describe("the host page in the event's language", () => {
  it("a German event's host page, notices, guest list and audit trail are in German", async () => {
    const rt = await start();
    const app = webApp(rt);
    const { event, host } = hostedEvent({ capacity: 1, name: "Sommerfest" });
    expect(await rt.store.createEvent({ ...event, details: { ...event.details, language: "de" } })).toBe(
      true,
    );
    await rt.queue.send([
      register(event.eventId, "ana@example.org", "Ana Gast"),
      register(event.eventId, "bo@example.org", "Bo Wartend"),
    ]);
    await rt.idle();

    const hostPage = await page(app, host);
    expect(hostPage).toContain('<html lang="de">');
    expect(hostPage).toContain("<title>Teilnehmerzahl · Sommerfest · rsvp</title>");
    expect(hostPage).toContain('<th scope="row">Auf der Warteliste</th>');
    expect(hostPage).toContain('<td data-field="registration">offen</td>');
    expect(hostPage).toContain("Anmeldung schließen");
    expect(hostPage).not.toContain("Close registration");

    const back = redirected(
      await postForm(app, `${host}/capacity`, { formId: formIdIn(hostPage), capacity: "3" }),
    );
    await rt.idle();
    expect(await page(app, back)).toContain("Platzzahl von 1 auf 3 geändert.");

    const list = await page(app, `${host}/guests`);
    expect(list).toContain("2 Gäste: 1 bestätigt, 1 angeboten.");
    expect(list).toMatch(/<td>bo@example\.org<\/td><td>angeboten<\/td>/);
    expect(list).toContain("Link erneut senden");

    const audit = await page(app, `${host}/audit`);
    expect(audit).toContain("<h1>Änderungsprotokoll</h1>");
    expect(audit).toContain("<td>1/1, 1 wartend → 1/3, 1 wartend</td>");
    expect(audit).toContain("<td>1/3, 1 wartend → 1/3 +1 reserviert, 0 wartend</td>");
  });
});
