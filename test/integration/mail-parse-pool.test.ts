import { afterEach, describe, expect, it } from "vitest";
import { decideReply } from "../../producers/email/inbound-mail.ts";
import { type MailParser, startMailParser } from "../../runtime/embedded/mail-parse-pool.ts";
import { mimeBomb, testDns } from "../helpers/inbound-mail.ts";

/**
 * The embedded listener's mail parser: a worker thread that reads each message under limits (parts, time,
 * memory) and computes the sender's DMARC verdict with mailauth, over a DNS table (no network here).
 */

const rsvp = { domain: "rsvp.test" };
const now = new Date("2026-06-01T12:00:00.000Z");

const reply = (from: string) =>
  [
    `From: ${from}`,
    "To: rsvp+k2h8q0z1m3x9c7@rsvp.test",
    "Subject: Re: You're invited",
    "Message-ID: <r1@example.org>",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Count me in!",
    "",
  ].join("\r\n");

const client = (mailFrom: string) => ({
  ip: "127.0.0.1",
  helo: "mail.example.org",
  mailFrom,
  mta: "rsvp.test",
});

let parser: MailParser | null = null;
afterEach(async () => {
  await parser?.stop();
  parser = null;
});

describe("reading inbound mail off the request thread", () => {
  it("a message of 600,000 MIME parts is not parsed at all: dropped as unreadable, nothing acts", async () => {
    const bomb = mimeBomb(600_000);
    expect(bomb.byteLength).toBeGreaterThan(9_000_000);
    const d = await decideReply(bomb, { rsvp, now });
    expect(d).toMatchObject({ action: "drop", reason: "unreadable" });
    expect(d.detail).toContain("more than 500 MIME parts");
  });

  it("a message that takes longer than the limit is dropped, the worker is replaced, and the next one is read", async () => {
    // Past the part limit the parser would not even start: lift it to see the time limit at work.
    parser = startMailParser({
      timeoutMs: 1_000,
      maxHeapMb: 1_024,
      maxParts: 10_000_000,
      dnsRecords: testDns,
    });
    const slow = await parser.decide(mimeBomb(600_000), { rsvp, now }, null);
    expect(slow).toMatchObject({ action: "drop", reason: "unreadable" });
    expect(slow.detail).toContain("longer than 1000 ms");
    const next = await parser.decide(reply("Ana <ana@example.org>"), { rsvp, now }, null);
    expect(next, next.detail ?? "").toMatchObject({ action: "register", email: "ana@example.org" });
  });

  it("computes the sender's DMARC verdict from DNS: pass, fail, and none when DNS has no answer", async () => {
    parser = startMailParser({ dnsRecords: testDns });
    const verdictOf = async (from: string, mailFrom: string) => {
      const d = await parser!.decide(reply(from), { rsvp, now }, client(mailFrom));
      return d.action === "drop" ? d.reason : d.dmarc;
    };
    expect(await verdictOf("Ana <ana@example.org>", "ana@example.org")).toBe("pass");
    expect(await verdictOf("Eve <eve@forged.example>", "eve@forged.example")).toBe("fail");
    // No record (and in production: no network, a DNS timeout) is no verdict, never a pass.
    expect(await verdictOf("Ned <ned@nowhere.example>", "ned@nowhere.example")).toBe("none");
  });
});
