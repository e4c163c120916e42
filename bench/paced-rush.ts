/**
 * The rush beside the headcount pollers (bench/poll-phase.ts): `clients` keep-alive clients post `count`
 * registrations, one at a time each (as bench/rush.ts drives its rush); with `perSecond`, no faster than that
 * in all: request i is sent no earlier than i / perSecond seconds after the start. Unpaced (0), as fast as the
 * server answers.
 */
import { Agent } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import { postRegistration } from "./post-registration.ts";

export interface RushResult {
  accepted: number;
  /** Seconds from the first request sent to the last answer. */
  seconds: number;
}

export async function pacedRush(options: {
  baseUrl: string;
  eventId: string;
  count: number;
  clients: number;
  perSecond: number;
  /** Each registration's address is `<emailPrefix>.<i>@example.org` (a new prefix: new guests). */
  emailPrefix: string;
}): Promise<RushResult> {
  const { hostname, port } = new URL(options.baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: options.clients });
  const path = `/e/${options.eventId}/rsvp`;
  const post = (body: string) => postRegistration({ agent, hostname, port, path, timeoutMs: 30_000 }, body);
  const started = performance.now();
  let next = 0;
  let accepted = 0;
  const client = async () => {
    while (next < options.count) {
      const i = next++;
      if (options.perSecond > 0) {
        const due = started + (i / options.perSecond) * 1000;
        if (due > performance.now()) await delay(due - performance.now());
      }
      const body = JSON.stringify({ name: `Guest ${i}`, email: `${options.emailPrefix}.${i}@example.org` });
      if ((await post(body)) === 202) accepted += 1;
    }
  };
  await Promise.all(Array.from({ length: options.clients }, client));
  agent.destroy();
  return { accepted, seconds: (performance.now() - started) / 1000 };
}
