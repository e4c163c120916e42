import { describe, expect, it } from "vitest";
import { createLogger, redactText } from "../../runtime/logger.ts";

/** Issue 13 §4: logs carried host tokens in request paths and a guest's address. */
describe("log redaction", () => {
  const token = "hT0k3n-abcdefghijklmnopqrstuvwx";

  function logged(write: (logger: ReturnType<typeof createLogger>) => void): string {
    const lines: string[] = [];
    const logger = createLogger("info", "json", { write: (line: string) => lines.push(line) });
    write(logger);
    return lines.join("");
  }

  it("takes host, link and outbox tokens out of paths, and guests' addresses down to their domain", () => {
    expect(redactText(`POST /h/${token}/capacity`)).toBe("POST /h/[token]/capacity");
    expect(redactText("/l/cancel/v1.ev-1.abcdefghijklmnop.sig_-x")).toBe("/l/cancel/[token]");
    expect(redactText(`/outbox/${token}`)).toBe("/outbox/[token]");
    expect(redactText("from Ana <ana.lima+rsvp@example.org>")).toBe("from Ana <[email]@example.org>");
  });

  it("every line: the message, the fields, nested fields and an error's message and stack", () => {
    const out = logged((logger) => {
      logger.error(
        {
          path: `/h/${token}/message`,
          guest: { email: "ana@example.org", list: ["ben@example.net"] },
          err: new Error(`cannot deliver to ana@example.org via /h/${token}`),
        },
        `request to /h/${token} failed for ana@example.org`,
      );
    });
    expect(out).not.toContain(token);
    expect(out).not.toContain("ana@example.org");
    expect(out).not.toContain("ben@example.net");
    const line = JSON.parse(out) as Record<string, unknown>;
    expect(line).toMatchObject({
      msg: "request to /h/[token] failed for [email]@example.org",
      path: "/h/[token]/message",
      guest: { email: "[email]@example.org", list: ["[email]@example.net"] },
      err: { message: "cannot deliver to [email]@example.org via /h/[token]" },
    });
  });
});
