import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DateTime } from "luxon";
import { TimeZone } from "../contracts/event.ts";
import type { GuestStore } from "../core/ports.ts";
import { type CreatedEvent, createEvent } from "./new-event.ts";

/** Where the demo event's links are kept: the host token is stored nowhere else (the database holds a hash). */
export const demoLinksPath = (dataDir: string) => join(dataDir, "demo-links.txt");

const demoName = "rsvp demo";
const demoCapacity = 40;

/** The machine's zone when it is a real place, else Europe/Berlin (a container's UTC makes a dull demo). */
function demoZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone.includes("/") && !zone.startsWith("Etc/") && TimeZone.safeParse(zone).success
    ? zone
    : "Europe/Berlin";
}

/** Three weeks from today at 19:00 in the zone, as wall-clock time. */
function demoStartsAt(now: Date, zone: string): string {
  return DateTime.fromJSDate(now)
    .setZone(zone)
    .plus({ weeks: 3 })
    .set({ hour: 19, minute: 0, second: 0, millisecond: 0 })
    .toFormat("yyyy-MM-dd'T'HH:mm");
}

/**
 * Creates the demo event of a fresh data dir. The links file is written (mode 0600: it holds a secret) before
 * the event is stored, so a crash in between leaves a stale file that the next start overwrites, never an
 * event whose host link is lost.
 */
export async function createDemoEvent(
  store: GuestStore,
  dataDir: string,
  baseUrl: string,
  now: Date,
): Promise<CreatedEvent> {
  const zone = demoZone();
  const input = {
    name: demoName,
    startsAt: demoStartsAt(now, zone),
    timeZone: zone,
    capacity: String(demoCapacity),
  };
  return createEvent(store, input, now, (created) => writeDemoLinks(dataDir, baseUrl, created));
}

function writeDemoLinks(dataDir: string, baseUrl: string, created: CreatedEvent): void {
  const path = demoLinksPath(dataDir);
  const text = [
    `# The demo event of this data dir, created ${created.event.createdAt}.`,
    "# The host link is a secret (whoever has it sees the host page); rsvp stores only its hash.",
    `event: ${created.event.eventId}`,
    `register: ${baseUrl}${created.registerPath}`,
    `host: ${baseUrl}${created.hostPath}`,
    "",
  ].join("\n");
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600); // `mode` applies only when the file is new
}

/** The demo event's id and host path from the links file, if there is one. */
export function readDemoLinks(dataDir: string): { eventId: string; hostPath: string } | null {
  const path = demoLinksPath(dataDir);
  if (!existsSync(path)) return null;
  const fields = new Map<string, string>();
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const m = /^(\w+):\s*(\S+)\s*$/.exec(line);
    if (m) fields.set(m[1]!, m[2]!);
  }
  const eventId = fields.get("event");
  const host = fields.get("host");
  if (!eventId || !host) return null;
  try {
    return { eventId, hostPath: new URL(host).pathname };
  } catch {
    return null;
  }
}
