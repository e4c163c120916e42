import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./cli-harness.ts";

const fixtures = join(import.meta.dirname, "../../../shared/fixtures/email");

describe("rsvp mail parse", () => {
  it("prints the decision for one message, assuming --event when the message names none", async () => {
    const r = await runCli([
      "mail",
      "parse",
      join(fixtures, "gmail-web-reply.eml"),
      "--event",
      "ev-1",
      "--json",
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      action: "register",
      email: "xxx@gmail.com",
      name: "Megan One",
      eventId: "ev-1",
      reason: "reply",
      autoReply: null,
    });
  });

  it("says why a message is dropped, in text", async () => {
    const r = await runCli(["mail", "parse", join(fixtures, "postfix-bounce-fastmail.eml")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^action +drop$/m);
    expect(r.stdout).toMatch(/^reason +bounce$/m);
    expect(r.stdout).toMatch(/^email +MAILER-DAEMON@messagingengine\.com$/m);
  });

  it("shows the answer a message naming no event would get; an unreadable file is a usage error", async () => {
    // Only an authenticated sender is answered (issue 13), with words of our own, not "Re: <their subject>".
    const none = await runCli([
      "mail",
      "parse",
      join(fixtures, "iphone-mail-reply-qp.eml"),
      "--dmarc",
      "pass",
      "--json",
    ]);
    expect(JSON.parse(none.stdout)).toMatchObject({
      action: "drop",
      reason: "unknown-event",
      autoReply: { to: "xxx@gmail.com", subject: "Your message to rsvp" },
    });
    const unverified = await runCli(["mail", "parse", join(fixtures, "iphone-mail-reply-qp.eml"), "--json"]);
    expect(JSON.parse(unverified.stdout)).toMatchObject({ reason: "unknown-event", autoReply: null });
    const bad = await runCli(["mail", "parse", join(fixtures, "nope.eml")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("cannot read");
  });

  it("rsvp start refuses --smtp-port without the mailbox's domain", async () => {
    const r = await runCli(["start", "--smtp-port", "0", "--data", "/nonexistent/rsvp"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "--smtp-port needs the mailbox's domain: --inbound-domain or RSVP_INBOUND_DOMAIN",
    );
  });
});
