import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ICAL from "ical.js";
import pino from "pino";
import { afterEach, describe, expect, inject, it } from "vitest";
import { SqliteMailOutbox } from "../../adapters/local/sqlite-mail-outbox.ts";
import type { EventRecord } from "../../contracts/event.ts";
import { createEventRecord } from "../../core/event-factory.ts";
import { hashHostToken, mintHostToken } from "../../core/host-token.ts";
import { startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import { startAwsLocal } from "../../tools/aws-local/aws-local-runtime.ts";
import { dynamoLocalClient, uniqueTableName } from "../helpers/dynamo-local.ts";

/**
 * The manage page's .ics download is the entry the confirmation email carries, down to its UID (on the
 * deployment's calendar site, not the placeholder): a later update or cancellation email then replaces or
 * removes the downloaded copy too. On both runtimes, through each one's own web wiring.
 */
const base = "http://rsvp.test";
const silent = pino({ level: "silent" });

interface Runtime {
  fetch(request: Request): Promise<Response>;
  idle(): Promise<void>;
  createEvent(event: EventRecord): Promise<void>;
  /** The calendar files of the emails sent to an address, in order. */
  calendarsSentTo(to: string): Promise<string[]>;
  stop(): Promise<void>;
}

const calendarsOf = (attachments: { contentType: string; content: string }[]) =>
  attachments.filter((a) => a.contentType.startsWith("text/calendar")).map((a) => a.content);

async function embedded(): Promise<Runtime> {
  const dir = mkdtempSync(join(tmpdir(), "rsvp-ics-"));
  // No sender configured: the UIDs live on the base URL's host (rsvp.test).
  const rt = await startEmbedded({ dataDir: dir, http: false, baseUrl: base, logger: silent });
  return {
    fetch: rt.fetch,
    idle: rt.idle,
    createEvent: async (event) => {
      expect(await rt.store.createEvent(event)).toBe(true);
    },
    calendarsSentTo: async (to) =>
      (await new SqliteMailOutbox(rt.db).list({ limit: 1_000 }))
        .reverse()
        .filter((m) => m.to === to)
        .flatMap((m) => calendarsOf(m.attachments)),
    stop: async () => {
      await rt.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const dynamoEndpoint = inject("dynamoEndpoint");

async function aws(): Promise<Runtime> {
  const dynamo = dynamoLocalClient(dynamoEndpoint!);
  const rt = await startAwsLocal({
    dynamo,
    streams: { endpoint: dynamoEndpoint! },
    tables: {
      guest: uniqueTableName("ics-guests"),
      audit: uniqueTableName("ics-audit"),
      mail: uniqueTableName("ics-mail"),
    },
    baseUrl: base,
    // A configured sender: the UIDs live on its domain.
    mailFrom: "Winter party <rsvp@mail.example.org>",
    logger: silent,
  });
  return {
    fetch: (r) => rt.fetch(r),
    idle: () => rt.idle(),
    createEvent: async (event) => {
      expect(await rt.store.createEvent(event)).toBe(true);
      await rt.idle();
    },
    calendarsSentTo: async (to) =>
      rt.ses.sent.filter((m) => m.to.includes(to)).flatMap((m) => calendarsOf(m.attachments)),
    stop: async () => {
      await rt.stop();
      dynamo.destroy();
    },
  };
}

const uidOf = (ics: string) =>
  String(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent("vevent")!.getFirstPropertyValue("uid"));

const runtimes = [
  { name: "embedded", available: true, start: embedded, domain: "rsvp.test" },
  { name: "aws", available: dynamoEndpoint !== null, start: aws, domain: "mail.example.org" },
] as const;

describe.each(runtimes)("the .ics download ($name runtime)", ({ available, start, domain }) => {
  let rt: Runtime | null = null;
  afterEach(async () => {
    await rt?.stop();
    rt = null;
  });

  it.skipIf(!available)(
    "has the UID of the confirmation email's entry, on the deployment's calendar site",
    async () => {
      rt = await start();
      const event = createEventRecord(
        {
          eventId: `ics${Math.random().toString(36).slice(2, 10)}`,
          name: "Winter party",
          startsAtLocal: "2030-12-14T19:00",
          timeZone: "Europe/Berlin",
          capacity: 5,
          hostTokenHash: hashHostToken(mintHostToken()),
        },
        new Date(),
      );
      await rt.createEvent(event);
      const registered = await rt.fetch(
        new Request(`${base}/e/${event.eventId}/rsvp`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", origin: base },
          body: new URLSearchParams({ name: "Ana", email: "ana@example.org" }).toString(),
          redirect: "manual",
        }),
      );
      expect(registered.status).toBe(303);
      const statusPath = new URL(registered.headers.get("location")!, base).pathname;
      await rt.idle();

      const [emailed] = await rt.calendarsSentTo("ana@example.org");
      expect(emailed).toBeDefined();
      const download = await rt.fetch(new Request(`${base}${statusPath}/calendar.ics`));
      expect(download.status).toBe(200);
      const uid = uidOf(await download.text());
      expect(uid).toBe(uidOf(emailed!));
      expect(uid.endsWith(`@${domain}`)).toBe(true);
    },
  );
});
