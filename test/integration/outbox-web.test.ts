import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { Hono } from "hono";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { adminTokenVerifier, loadOrCreateAdminToken } from "../../adapters/local/admin-token.ts";
import { openDatabase } from "../../adapters/local/sqlite-database.ts";
import { SqliteMailOutbox } from "../../adapters/local/sqlite-mail-outbox.ts";
import type { OutgoingEmail } from "../../core/mail-ports.ts";
import { isWebError } from "../../producers/web/errors.ts";
import type { WebEnv } from "../../producers/web/negotiation.ts";
import { emailRef } from "../../producers/web/outbox-pages.ts";
import { outboxRoutes } from "../../producers/web/outbox-routes.ts";
import { securityHeaders } from "../../producers/web/security-headers.ts";
import { fakeClock } from "../helpers/factories.ts";

let dir: string;
let db: DatabaseSync;
let outbox: SqliteMailOutbox;
let token: string;
let app: Hono<WebEnv>;
const clock = fakeClock();

/** An email as the messenger renders them, with strangers' text in it. */
function email(key: string, overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  return {
    key,
    eventId: "ev-1",
    guestId: "g-1",
    to: "ana@example.org",
    subject: "You're in: <b>Party</b>",
    text: "Hello <script>alert(1)</script>,",
    html: `<!doctype html><p>Hello &lt;script&gt;,</p><p><a href="http://rsvp.test/l/abc">Cancel</a></p>`,
    links: { cancel: "http://rsvp.test/l/abc" },
    attachments: [{ filename: "invite.ics", contentType: "text/calendar", content: "BEGIN:VCALENDAR\r\n" }],
    headers: { "Auto-Submitted": "auto-generated" },
    ...overrides,
  };
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "rsvp-outbox-web-"));
  db = openDatabase(join(dir, "rsvp.db"));
  outbox = new SqliteMailOutbox(db, { clock });
  token = loadOrCreateAdminToken(dir);
  // Mounted as the web app mounts it: security headers first, refusals mapped to status codes.
  app = new Hono<WebEnv>();
  app.use(securityHeaders());
  app.route("/", outboxRoutes({ outbox, verifyAdminToken: adminTokenVerifier(token) }));
  app.onError((error, c) => (isWebError(error) ? c.text(error.message, 404) : c.text("error", 500)));
  await outbox.send(email("g-1/1"));
  clock.advance(60_000);
  await outbox.send(
    email("g-2/1", { guestId: "g-2", to: "bo@example.org", subject: "Waitlisted", eventId: "ev-2" }),
  );
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the outbox page", () => {
  it("lists emails newest first with their links as anchors, names escaped", async () => {
    const res = await app.request(`/outbox/${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const page = await res.text();
    expect(page.indexOf("bo@example.org")).toBeLessThan(page.indexOf("ana@example.org"));
    expect(page).toContain(`<a href="http://rsvp.test/l/abc">cancel</a>`);
    expect(page).toContain("You&#39;re in: &lt;b&gt;Party&lt;/b&gt;");
    expect(page).not.toContain("<b>Party</b>");
    expect(page).toContain(`href="/outbox/${token}/${emailRef("g-1/1")}"`);
  });

  it("filters by event and answers JSON with the links by action", async () => {
    const res = await app.request(`/outbox/${token}?event=ev-2`, { headers: { accept: "application/json" } });
    const body = (await res.json()) as { key: string; to: string; links: Record<string, string> }[];
    expect(body.map((e) => e.key)).toEqual(["g-2/1"]);
    expect(body[0]).toMatchObject({ to: "bo@example.org", links: { cancel: "http://rsvp.test/l/abc" } });
  });

  it("shows one email: its HTML only inside a sandboxed frame, its text and attachment escaped", async () => {
    const res = await app.request(`/outbox/${token}/${emailRef("g-1/1")}`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toMatch(
      /<iframe sandbox srcdoc="&lt;!doctype html&gt;&lt;p&gt;Hello &amp;lt;script&amp;gt;/,
    );
    expect(page).toContain("Hello &lt;script&gt;alert(1)&lt;/script&gt;,");
    expect(page).not.toContain("<script>alert(1)");
    expect(page).toContain("invite.ics");
    expect(page).toContain("BEGIN:VCALENDAR");
  });

  it("is not there for a wrong or missing token, or an unknown email", async () => {
    for (const path of [
      "/outbox/not-the-token",
      `/outbox/${token}x`,
      `/outbox/not-the-token/${emailRef("g-1/1")}`,
      `/outbox/${token}/${emailRef("nope")}`,
    ]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain("ana@example.org");
    }
  });
});
