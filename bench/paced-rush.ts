/**
 * The rush beside the headcount pollers (bench/poll-phase.ts): `clients` keep-alive connections post `count`
 * registrations, one at a time each (as bench/rush.ts drives its rush); with `perSecond`, no faster than that
 * in all: registration i is sent no earlier than i / perSecond seconds after the start. Unpaced (0), as fast as
 * the server answers.
 *
 * Like the pollers, the clients are plain sockets (bench/poll-client.ts): the people registering are other
 * machines, and Node's HTTP client cost this load generator about 200 µs of CPU a request on the cores the
 * server under test needs (more than the server's own request thread spends on an accept).
 */
import { connect } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { nextAnswer } from "./poll-client.ts";

export interface RushResult {
  accepted: number;
  /** Answers other than 202, and connections that failed. */
  failed: number;
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
  timeoutMs?: number;
}): Promise<RushResult> {
  const { hostname, port } = new URL(options.baseUrl);
  const head = `POST /e/${options.eventId}/rsvp HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nAccept: application/json\r\n`;
  const requestOf = (i: number) => {
    const body = JSON.stringify({ name: `Guest ${i}`, email: `${options.emailPrefix}.${i}@example.org` });
    return `${head}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  };
  const started = performance.now();
  let next = 0;
  const result: RushResult = { accepted: 0, failed: 0, seconds: 0 };
  const client = () =>
    new Promise<void>((resolve) => {
      const socket = connect({ host: hostname, port: Number(port), noDelay: true });
      socket.setTimeout(options.timeoutMs ?? 30_000, () => socket.destroy(new Error("timed out")));
      let buffered: Buffer = Buffer.alloc(0);
      let waiting = false;
      const send = async () => {
        if (next >= options.count) {
          socket.end();
          return;
        }
        const i = next++;
        if (options.perSecond > 0) {
          const due = started + (i / options.perSecond) * 1000;
          if (due > performance.now()) await delay(due - performance.now());
        }
        waiting = true;
        socket.write(requestOf(i));
      };
      socket.on("connect", () => void send());
      socket.on("data", (chunk: Buffer) => {
        buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
        const answer = nextAnswer(buffered);
        if (!answer) return;
        buffered = buffered.subarray(answer.length);
        waiting = false;
        if (answer.status === 202) result.accepted += 1;
        else result.failed += 1;
        void send();
      });
      socket.on("error", () => {});
      socket.on("close", () => {
        if (waiting) result.failed += 1;
        resolve();
      });
    });
  await Promise.all(Array.from({ length: options.clients }, client));
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
