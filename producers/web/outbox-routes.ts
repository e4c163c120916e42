import { Hono } from "hono";
import type { OutboxReader, StoredEmail } from "../../core/mail-ports.ts";
import { NotFoundError, said } from "./errors.ts";
import { pageLanguageOf, type WebEnv, wantsJson } from "./negotiation.ts";
import { keyOfRef, outboxEmailPage, outboxPage } from "./outbox-pages.ts";

export interface OutboxRouteDeps {
  /** The emails; the embedded runtime reads its SQLite outbox, another runtime may read elsewhere. */
  outbox: OutboxReader;
  /** Whether a presented admin token is the right one (constant-time; see adapters/local/admin-token.ts). */
  verifyAdminToken: (token: string) => boolean;
}

const maxLimit = 1_000;

/** `?limit=` as a whole number from 1 to 1000, else the default. */
function limitOf(value: string | undefined): number {
  const n = value && /^\d{1,4}$/.test(value) ? Number(value) : 200;
  return Math.min(maxLimit, Math.max(1, n));
}

/** The JSON view of an email in a list: who, what, its links and its state (the outbox page's list). */
export const emailSummary = (e: StoredEmail) => ({
  key: e.key,
  eventId: e.eventId,
  guestId: e.guestId,
  to: e.to,
  subject: e.subject,
  links: e.links,
  createdAt: e.createdAt,
  state: e.state,
});

/**
 * The JSON view of a whole email, so a script can read everything a recipient gets: the summary, then the
 * From name, headers, text and HTML bodies and attachments (content as text), and its delivery. What
 * `rsvp outbox --json` prints per line and the outbox page answers for one email.
 */
export const emailView = (e: StoredEmail) => ({
  ...emailSummary(e),
  fromName: e.fromName ?? null,
  headers: e.headers,
  text: e.text,
  html: e.html,
  attachments: e.attachments,
  attempts: e.attempts,
  lastError: e.lastError,
  sentAt: e.sentAt,
});

/**
 * The browsable outbox, behind the admin token: `GET /outbox/:adminToken` lists emails newest first
 * (`?event=ID`, `?limit=N`; JSON when asked for), `GET /outbox/:adminToken/:ref` shows one. A wrong token is
 * answered like any unknown address.
 */
export function outboxRoutes(deps: OutboxRouteDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  const admit = (token: string) => {
    if (!deps.verifyAdminToken(token)) throw new NotFoundError(said("nothingHere"));
    return `/outbox/${encodeURIComponent(token)}`;
  };

  app.get("/outbox/:adminToken", async (c) => {
    const basePath = admit(c.req.param("adminToken"));
    const eventId = c.req.query("event") || null;
    const limit = limitOf(c.req.query("limit"));
    const emails = await deps.outbox.list(eventId ? { eventId, limit } : { limit });
    c.header("Cache-Control", "no-store");
    if (wantsJson(c)) return c.json(emails.map(emailSummary));
    return c.html(outboxPage({ emails, basePath, eventId, limit, language: pageLanguageOf(c) }));
  });

  app.get("/outbox/:adminToken/:ref", async (c) => {
    const basePath = admit(c.req.param("adminToken"));
    const email = await deps.outbox.get(keyOfRef(c.req.param("ref")));
    if (!email) throw new NotFoundError(said("admin.noEmail"));
    c.header("Cache-Control", "no-store");
    if (wantsJson(c)) return c.json(emailView(email));
    return c.html(outboxEmailPage({ email, basePath, language: pageLanguageOf(c) }));
  });

  return app;
}
