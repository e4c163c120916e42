/**
 * One registration as the bench's rushes send it (bench/rush.ts, bench/polls.ts): a JSON POST to the event's
 * RSVP path on a keep-alive agent, bounded by a timeout. Resolves with the answer's status, 0 when the request
 * failed or timed out, so a rush always ends.
 */
import { type Agent, request } from "node:http";

export interface RegistrationTarget {
  agent: Agent;
  hostname: string;
  port: string;
  path: string;
  timeoutMs: number;
}

export const postRegistration = (
  { agent, hostname, port, path, timeoutMs }: RegistrationTarget,
  body: string,
): Promise<number> =>
  new Promise<number>((resolve) => {
    const req = request(
      {
        agent,
        hostname,
        port,
        method: "POST",
        path,
        timeout: timeoutMs,
        headers: {
          "content-type": "application/json",
          accept: "application/json",
          "content-length": Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.once("end", () => resolve(res.statusCode ?? 0));
        res.once("error", () => resolve(0));
      },
    );
    req.once("timeout", () => req.destroy(new Error("timed out")));
    req.once("error", () => resolve(0));
    req.end(body);
  });
