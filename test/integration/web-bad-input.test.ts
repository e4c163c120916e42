import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintHostToken } from "../../core/host-token.ts";
import { openStores } from "../../runtime/embedded/embedded-runtime.ts";
import { hostedEvent } from "../helpers/factories.ts";
import { type TestWebApp, webAppOver } from "../helpers/web-app.ts";

// The web app over real SQLite stores, with no keeper running: whatever a request enqueues stays queued,
// so the queue depth tells exactly whether a refused request let anything through.
let dir: string;
let stores: ReturnType<typeof openStores>;
let app: TestWebApp;
let eventId: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "rsvp-web-bad-input-"));
  stores = openStores(dir);
  app = webAppOver(stores, { baseUrl: () => "" });
  eventId = "summer-party";
  await stores.store.createEvent(hostedEvent({ eventId }).event);
});

afterAll(() => {
  stores.db.close();
  rmSync(dir, { recursive: true, force: true });
});

const rsvpPath = () => `/e/${eventId}/rsvp`;
const postJson = (body: string, headers: Record<string, string> = {}) =>
  app.request(rsvpPath(), {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
const json = (value: unknown) => postJson(JSON.stringify(value));
const ok = { name: "Ana Guest", email: "ana@example.org" };

/** The whole problem as a person would read it: the error line and every issue. */
async function problemText(res: Response): Promise<string> {
  const text = await res.text();
  if (!(res.headers.get("content-type") ?? "").includes("json")) return text;
  const body = JSON.parse(text) as { error: string; issues?: string[] };
  expect(typeof body.error).toBe("string");
  return [body.error, ...(body.issues ?? [])].join("\n");
}

interface Case {
  scenario: string;
  send: () => Response | Promise<Response>;
  status: number;
  says: RegExp;
}

const cases: Case[] = [
  {
    scenario: "a body that is not valid JSON",
    send: () => postJson('{"name": "Ana", '),
    status: 400,
    says: /body is not valid JSON/,
  },
  {
    scenario: "a JSON body that is not an object",
    send: () => postJson('["Ana", "ana@example.org"]'),
    status: 400,
    says: /JSON object/,
  },
  {
    scenario: "a JSON body without either field",
    send: () => json({}),
    status: 400,
    says: /name is required[\s\S]*email is required/,
  },
  {
    scenario: "a name that is a number",
    send: () => json({ name: 5, email: "ana@example.org" }),
    status: 400,
    says: /name must be text/,
  },
  {
    scenario: "an email that is not an address",
    send: () => json({ name: "Ana", email: "not-an-address" }),
    status: 400,
    says: /email must be a valid address/,
  },
  {
    scenario: "a name smuggling a header line (CR/LF)",
    send: () => json({ name: "Ana\r\nBcc: victim@example.org", email: "ana@example.org" }),
    status: 400,
    says: /name must be a single line/,
  },
  {
    scenario: "an email smuggling a header line (CR/LF)",
    send: () => json({ name: "Ana", email: "ana@example.org\r\nBcc: victim@example.org" }),
    status: 400,
    says: /email must be a single line/,
  },
  {
    scenario: "a 10,000-character name",
    send: () => json({ name: "A".repeat(10_000), email: "ana@example.org" }),
    status: 400,
    says: /name must be at most 200 characters/,
  },
  {
    scenario: "a whitespace-only name",
    send: () => json({ name: "   ", email: "ana@example.org" }),
    status: 400,
    says: /name must not be empty/,
  },
  {
    scenario: "a 200 KB body that declares its length",
    send: () => {
      const body = JSON.stringify({ ...ok, padding: "x".repeat(200 * 1024) });
      return postJson(body, { "content-length": String(Buffer.byteLength(body)) });
    },
    status: 413,
    says: /larger than 64 KB/,
  },
  {
    scenario: "a 200 KB body streamed without a length",
    send: () => {
      const chunk = new TextEncoder().encode("x".repeat(1024));
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 200) controller.enqueue(chunk);
          else controller.close();
        },
      });
      return app.request(rsvpPath(), {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body,
        duplex: "half",
      } as RequestInit);
    },
    status: 413,
    says: /larger than 64 KB/,
  },
  {
    scenario: "an empty JSON body",
    send: () => postJson(""),
    status: 400,
    says: /body is empty/,
  },
  {
    scenario: "an empty form post",
    send: () =>
      app.request(rsvpPath(), {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "",
      }),
    // A person's form is shown again with the problem beside the field (issue 12 §3): 422, not a 400 page.
    status: 422,
    says: /Enter your name/,
  },
  {
    scenario: "a multipart post whose name is a file",
    send: () => {
      const form = new FormData();
      form.set("name", new Blob(["Ana"]), "name.txt");
      form.set("email", "ana@example.org");
      return app.request(rsvpPath(), { method: "POST", body: form });
    },
    status: 422,
    says: /Enter your name/,
  },
  {
    scenario: "a multipart post without a boundary",
    send: () =>
      app.request(rsvpPath(), {
        method: "POST",
        headers: { "content-type": "multipart/form-data" },
        body: "name=Ana",
      }),
    status: 400,
    says: /form data could not be read/,
  },
  {
    scenario: "a body of the wrong content type",
    send: () =>
      app.request(rsvpPath(), {
        method: "POST",
        headers: { "content-type": "text/plain" },
        body: "Ana <ana@example.org>",
      }),
    status: 415,
    says: /text\/plain is not accepted/,
  },
  {
    scenario: "a body without a content type",
    send: () => app.request(rsvpPath(), { method: "POST", body: new Uint8Array([1, 2, 3]) }),
    status: 415,
    says: /no Content-Type/,
  },
  {
    scenario: "a registration for an unknown event",
    send: () =>
      app.request("/e/no-such-event/rsvp", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(ok),
      }),
    status: 404,
    says: /no event at this address/,
  },
  {
    scenario: "a registration for a malformed event id",
    send: () =>
      app.request("/e/%3Cscript%3E/rsvp", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(ok),
      }),
    status: 404,
    says: /no event at this address/,
  },
  {
    scenario: "the register page of an unknown event",
    send: () => app.request("/e/no-such-event"),
    status: 404,
    says: /no event at this address/,
  },
  {
    scenario: "a forged host token asking for the headcount",
    send: () => app.request(`/h/${mintHostToken()}/headcount`),
    status: 404,
    says: /^unknown host link$/,
  },
  {
    scenario: "a forged host token opening the host page",
    send: () => app.request(`/h/${mintHostToken()}`, { headers: { accept: "text/html" } }),
    status: 404,
    says: /unknown host link/,
  },
  {
    scenario: "a malformed status id",
    send: () => app.request(`/e/${eventId}/s/not%20a%20command%3F`),
    status: 404,
    says: /no registration has this status link/,
  },
  {
    scenario: "an over-long status id",
    send: () => app.request(`/e/${eventId}/s/${"a".repeat(65)}`, { headers: { accept: "application/json" } }),
    status: 404,
    says: /no registration has this status link/,
  },
  {
    scenario: "a status link of an unknown event",
    send: () => app.request(`/e/no-such-event/s/${crypto.randomUUID()}`),
    status: 404,
    says: /no event at this address/,
  },
  {
    scenario: "a page that does not exist",
    send: () => app.request("/wp-login.php"),
    status: 404,
    says: /nothing at this address/,
  },
];

describe("bad input to the web surface is refused with a 4xx that names the problem, and nothing is queued", () => {
  it.each(cases)("$scenario → $status", async ({ send, status, says }) => {
    const depth = stores.queue.depth();
    const res = await send();
    expect(res.status).toBe(status);
    expect(await problemText(res)).toMatch(says);
    expect(stores.queue.depth()).toBe(depth);
  });

  it("a form post with a bad address gets its form back, listing the problem, not JSON", async () => {
    const res = await app.request(rsvpPath(), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ name: "Ana <b>Guest</b>", email: "ana(at)example.org" }).toString(),
    });
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const page = await res.text();
    expect(page).toContain("Please check what you entered");
    expect(page).toContain(
      '<li><a href="#email">Enter your email address in the right format, like ana@example.org</a></li>',
    );
    expect(page).not.toContain("<b>Guest</b>");
    // The message sits beside its field and is tied to it; what the guest typed is kept (escaped).
    expect(page).toContain(
      '<span class="field-error" id="email-error">Enter your email address in the right format, like ana@example.org',
    );
    expect(page).toMatch(
      /<input id="email"[^>]* value="ana\(at\)example.org" aria-invalid="true" aria-describedby="email-hint email-error">/,
    );
    expect(page).toContain('value="Ana &lt;b&gt;Guest&lt;/b&gt;"');
    expect(stores.queue.depth()).toBe(0);
  });

  it("a JSON error lists every invalid field separately", async () => {
    const res = await json({ name: 5, email: "nope" });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; issues: string[] };
    expect(body.issues).toEqual(["name must be text", "email must be a valid address like ana@example.org"]);
  });

  it("a good registration, by contrast, is queued exactly once", async () => {
    const depth = stores.queue.depth();
    const res = await json(ok);
    expect(res.status).toBe(202);
    expect(stores.queue.depth()).toBe(depth + 1);
  });
});
