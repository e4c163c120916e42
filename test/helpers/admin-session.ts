import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, expect } from "vitest";
import {
  type EmbeddedConfig,
  type EmbeddedRuntime,
  startEmbedded,
} from "../../runtime/embedded/embedded-runtime.ts";

/** What a signed-in owner's browser does in the admin area: GET and form POST, redirects not followed. */
export interface AdminSession {
  get(path: string): Promise<Response>;
  post(path: string, fields: Record<string, string>): Promise<Response>;
}

/**
 * Signs in to the runtime's admin area at `base` (its base URL) as a browser would: it keeps the admin cookie
 * and sends the Origin and the Accept-Language (`language`) a browser sends.
 */
export async function adminSession(
  runtime: EmbeddedRuntime,
  base: string,
  language = "en",
): Promise<AdminSession> {
  let cookie = "";
  const headers = () => ({ accept: "text/html", cookie, "accept-language": language });
  const get = (path: string) =>
    runtime.fetch(new Request(`${base}${path}`, { headers: headers(), redirect: "manual" }));
  const post = async (path: string, fields: Record<string, string>) => {
    const res = await runtime.fetch(
      new Request(`${base}${path}`, {
        method: "POST",
        headers: { ...headers(), "content-type": "application/x-www-form-urlencoded", origin: base },
        body: new URLSearchParams(fields).toString(),
        redirect: "manual",
      }),
    );
    const set = res.headers.get("set-cookie");
    if (set) cookie = set.split(";")[0]!;
    return res;
  };
  expect((await post("/admin/sign-in", { token: runtime.adminToken })).status).toBe(303);
  return { get, post };
}

/** The base URL the admin tests' runtimes answer on. */
export const adminBase = "http://rsvp.test";

/** The owner signed in to an embedded runtime of their own, on a fresh data dir. */
export interface SignedInOwner extends AdminSession {
  rt: EmbeddedRuntime;
  dir: string;
}

/**
 * For a test file of the admin area: registers an afterEach that stops every runtime `owner` started and
 * removes its data dir, and returns `owner(language, config)`: a silent embedded runtime (no HTTP, answering on
 * `adminBase`) on a fresh data dir named `rsvp-<name>-…`, with the owner signed in in `language`.
 */
export function adminOwners(
  name: string,
): (language?: string, config?: Partial<Omit<EmbeddedConfig, "dataDir">>) => Promise<SignedInOwner> {
  const started: { rt: EmbeddedRuntime; dir: string }[] = [];
  afterEach(async () => {
    for (const { rt, dir } of started.splice(0))
      try {
        await rt.stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
  });
  return async (language = "en", config = {}) => {
    const dir = mkdtempSync(join(tmpdir(), `rsvp-${name}-`));
    const rt = await startEmbedded({
      http: false,
      baseUrl: adminBase,
      logger: pino({ level: "silent" }),
      ...config,
      dataDir: dir,
    });
    started.push({ rt, dir });
    return { rt, dir, ...(await adminSession(rt, adminBase, language)) };
  };
}

/** A local date and time `days` from now, as the admin form's date fields take it. */
export const inDays = (days: number, time = "19:00") =>
  `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T${time}`;

/** A complete admin event form (a party a month out), with `overrides`. */
export const adminEventForm = (overrides: Record<string, string> = {}): Record<string, string> => ({
  formId: `form-${randomBytes(6).toString("hex")}`,
  name: "Winter party",
  description: "",
  language: "en",
  startsAt: inDays(30),
  endsAt: inDays(30, "23:00"),
  timeZone: "Europe/Berlin",
  place: "",
  address: "",
  onlineUrl: "",
  capacity: "40",
  maxParty: "1",
  claimWindowHours: "6",
  hostName: "",
  hostEmail: "",
  summaryDays: "7",
  reminderWeek: "on",
  thankYou: "auto",
  quietStart: "21:00",
  quietEnd: "08:00",
  embedOrigins: "",
  ...overrides,
});
