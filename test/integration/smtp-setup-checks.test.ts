import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isPublicDomain, smtpConfigFromEnv, smtpConfigProblems } from "../../adapters/local/smtp-delivery.ts";
import { runCli } from "./cli-harness.ts";

/** With SMTP configured, mail goes to real people: rsvp will not send mail whose links or sender cannot work. */

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("SMTP set-up checks", () => {
  it("rsvp start refuses a loopback base URL and a missing sender, saying what to set, exit code 1", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "rsvp-smtp-check-"));
    dirs.push(dataDir);
    const r = await runCli(
      ["start", "--port", "0", "--base-url", "http://127.0.0.1:3999", "--data", dataDir],
      {
        env: { RSVP_SMTP_URL: "smtp://127.0.0.1:2525", RSVP_MAIL_FROM: "" },
      },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("RSVP_SMTP_URL is set, so emails go to real people, but:");
    expect(r.stderr).toContain("the base URL http://127.0.0.1:3999 is not on a full domain name");
    expect(r.stderr).toContain("no sender: set RSVP_MAIL_FROM");
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it("rsvp start refuses a sender on localhost", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "rsvp-smtp-check-"));
    dirs.push(dataDir);
    const r = await runCli(
      ["start", "--port", "0", "--base-url", "https://rsvp.example.org", "--data", dataDir],
      {
        env: { RSVP_SMTP_URL: "smtp://127.0.0.1:2525", RSVP_MAIL_FROM: "rsvp <noreply@localhost>" },
      },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("the sender rsvp <noreply@localhost> is not on a full domain name");
    expect(r.stderr).not.toContain("base URL");
  });

  it("the default sender is on the base URL's or the reply lane's domain, never on an IP address", () => {
    const smtp = { RSVP_SMTP_URL: "smtp://mail:25" };
    expect(smtpConfigFromEnv(smtp, "http://127.0.0.1:3000")?.from).toBeNull();
    expect(smtpConfigFromEnv(smtp, "http://localhost:3000")?.from).toBeNull();
    expect(
      smtpConfigFromEnv({ ...smtp, RSVP_INBOUND_DOMAIN: "rsvp.example.org" }, "http://127.0.0.1:3000")?.from,
    ).toBe("rsvp <noreply@rsvp.example.org>");
    const good = smtpConfigFromEnv(smtp, "https://rsvp.example.org")!;
    expect(smtpConfigProblems(good, "https://rsvp.example.org")).toEqual([]);
    expect(smtpConfigProblems(good, undefined)).toEqual([expect.stringContaining("no public base URL")]);
  });

  it("a full domain name has dotted labels and a real top-level name", () => {
    for (const host of ["rsvp.example.org", "mail.ana-lima.de", "EXAMPLE.COM."])
      expect(isPublicDomain(host), host).toBe(true);
    for (const host of [
      "localhost",
      "127.0.0.1",
      "::1",
      "[::1]",
      "rsvp",
      "party.localhost",
      "box.local",
      "x.test",
      "10.0.0.7",
      "",
      null,
    ])
      expect(isPublicDomain(host), String(host)).toBe(false);
  });
});
