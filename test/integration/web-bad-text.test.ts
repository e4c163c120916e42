import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStores } from "../../runtime/embedded/embedded-runtime.ts";
import { hostedEvent } from "../helpers/factories.ts";
import { formIdIn, postForm, type TestWebApp, webAppOver } from "../helpers/web-app.ts";

// Text that should not be stored (issue 13 §4): bytes that are not UTF-8, lone surrogates, bidi controls, line
// separators, over-long address parts. The web app over real SQLite stores with no keeper running: the queue
// depth tells whether a refused request let anything through.
let dir: string;
let stores: ReturnType<typeof openStores>;
let app: TestWebApp;
let host: string;
const eventId = "text-party";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "rsvp-web-bad-text-"));
  stores = openStores(dir);
  app = webAppOver(stores, { baseUrl: () => "" });
  const hosted = hostedEvent({ eventId });
  host = hosted.host;
  await stores.store.createEvent(hosted.event);
});

afterAll(() => {
  stores.db.close();
  rmSync(dir, { recursive: true, force: true });
});

const rsvp = `/e/${eventId}/rsvp`;
const post = (type: string, body: string | Uint8Array, path = rsvp, accept = "application/json") =>
  app.request(path, { method: "POST", headers: { "content-type": type, accept }, body });
const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))));
const json = (value: unknown) => post("application/json", JSON.stringify(value));

/** The whole problem as a person would read it: the error line and every issue, or the page. */
async function problemText(res: Response): Promise<string> {
  const text = await res.text();
  if (!(res.headers.get("content-type") ?? "").includes("json")) return text;
  const body = JSON.parse(text) as { error: string; issues?: string[] };
  return [body.error, ...(body.issues ?? [])].join("\n");
}

function multipart(fields: Record<string, string | Uint8Array>): { type: string; body: Uint8Array } {
  const boundary = "----rsvp-test-boundary";
  const parts = Object.entries(fields).map(([name, value]) =>
    bytes(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`, value as never, "\r\n"),
  );
  return {
    type: `multipart/form-data; boundary=${boundary}`,
    body: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]),
  };
}

const latin1Name = [0x4a, 0x6f, 0x73, 0xe9]; // "José" in Latin-1: not UTF-8

interface Case {
  scenario: string;
  send: () => Response | Promise<Response>;
  says: RegExp;
}

const registerCases: Case[] = [
  {
    scenario: "a JSON body with bytes that are not UTF-8",
    send: () => post("application/json", bytes('{"name": "', latin1Name, '", "email": "jose@example.org"}')),
    says: /the body is not valid UTF-8 text; send it encoded as UTF-8/,
  },
  {
    scenario: "a URL-encoded form with a percent-encoded byte that is not UTF-8",
    send: () => post("application/x-www-form-urlencoded", "name=Jos%E9&email=jose%40example.org"),
    says: /the field name is not valid UTF-8 text/,
  },
  {
    scenario: "a URL-encoded form with raw bytes that are not UTF-8",
    send: () =>
      post("application/x-www-form-urlencoded", bytes("name=", latin1Name, "&email=jose%40example.org")),
    says: /the body is not valid UTF-8 text/,
  },
  {
    scenario: "a URL-encoded form with a truncated UTF-8 sequence in the email",
    send: () => post("application/x-www-form-urlencoded", "name=Jose&email=jose%C3%40example.org"),
    says: /the field email is not valid UTF-8 text/,
  },
  {
    scenario: "a multipart form with a name that is not UTF-8 (decoded leniently to U+FFFD, then refused)",
    send: () => {
      const form = multipart({ name: Buffer.from(latin1Name), email: "jose@example.org" });
      return post(form.type, form.body);
    },
    says: /name holds the replacement character .*send it as UTF-8/,
  },
  {
    scenario: "a JSON name with a lone surrogate escape",
    send: () => post("application/json", '{"name": "Ana \\ud83d", "email": "ana@example.org"}'),
    says: /name holds a broken character \(a lone UTF-16 surrogate\)/,
  },
  {
    scenario: "a name with a right-to-left override",
    send: () => json({ name: "Ana \u202egnp.exe", email: "ana@example.org" }),
    says: /name must not contain invisible text-direction characters/,
  },
  {
    scenario: "a name with a first-strong isolate",
    send: () => json({ name: "\u2068Ana\u2069", email: "ana@example.org" }),
    says: /text-direction/,
  },
  {
    scenario: "a name with a line separator",
    send: () => json({ name: "Ana\u2028Lima", email: "ana@example.org" }),
    says: /name must be a single line/,
  },
  {
    scenario: "an address whose local part is over 64 characters",
    send: () => json({ name: "Ana", email: `${"a".repeat(65)}@example.org` }),
    says: /the part before the @ must be at most 64 characters/,
  },
  {
    scenario: "an address with a domain label over 63 characters",
    send: () => json({ name: "Ana", email: `ana@${"b".repeat(64)}.example.org` }),
    says: /each part of the domain between dots must be at most 63 characters/,
  },
];

describe("text that should not be stored is refused with a 4xx that says why, and nothing is queued", () => {
  it.each(registerCases)("register: $scenario", async ({ send, says }) => {
    const depth = stores.queue.depth();
    const res = await send();
    expect([400, 422]).toContain(res.status);
    expect(await problemText(res)).toMatch(says);
    expect(stores.queue.depth()).toBe(depth);
  });

  it("a browser's register form with a bidi override gets its form back with the problem beside the name", async () => {
    const res = await postForm(app, rsvp, { name: "Ana \u202eLima", email: "ana@example.org" });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain("name must not contain invisible text-direction characters");
    expect(stores.queue.depth()).toBe(0);
  });

  it("host message: NUL or a line break in the subject, bad bytes or bidi in the body, are refused", async () => {
    const page = await (await app.request(`${host}/message`, { headers: { accept: "text/html" } })).text();
    const formId = formIdIn(page);
    const cases: [Record<string, string> | Uint8Array, RegExp][] = [
      [{ formId, subject: "Doors\u0000open", body: "Hi" }, /subject must be a single line without control/],
      [{ formId, subject: "Doors\r\nBcc: x@example.org", body: "Hi" }, /subject must be a single line/],
      [
        { formId, subject: "Doors", body: "Hi \u202eereh" },
        /message must not contain invisible text-direction/,
      ],
      [
        { formId, subject: "Doors", body: "Hi\u0007" },
        /message must be plain text without control characters/,
      ],
      [bytes(`formId=${formId}&subject=Doors&body=`, latin1Name), /the body is not valid UTF-8 text/],
      [bytes(`formId=${formId}&subject=Jos%E9&body=Hi`), /the field subject is not valid UTF-8 text/],
    ];
    for (const [fields, says] of cases) {
      const res =
        fields instanceof Uint8Array
          ? await post("application/x-www-form-urlencoded", fields, `${host}/message`, "text/html")
          : await postForm(app, `${host}/message`, fields);
      expect(res.status, String(says)).toBe(400);
      expect(await res.text()).toMatch(says);
    }
    expect(stores.queue.depth()).toBe(0);
  });

  it("good text, by contrast, is queued: accents, emoji, right-to-left script, percent signs", async () => {
    const depth = stores.queue.depth();
    const res = await post(
      "application/x-www-form-urlencoded",
      new URLSearchParams({ name: "José 🎉 محمد 100%", email: "jose@example.org" }).toString(),
    );
    // A URL-encoded post is a browser's form: it is answered with a redirect to the status page (PRG).
    expect(res.status).toBe(303);
    const raw = await post("application/x-www-form-urlencoded", "name=50%+off&email=off%40example.org");
    expect(raw.status).toBe(303);
    expect(stores.queue.depth()).toBe(depth + 2);
  });
});
