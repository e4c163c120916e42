import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emailKey } from "../../contracts/common.ts";
import { decideReply, type ReplyDecision } from "../../producers/email/inbound-mail.ts";
import { now, rsvp } from "../helpers/reply-draft.ts";

// Generated messages: the inbound mail decision never throws, and never takes anyone but the From address.

describe("generated messages", () => {
  it("never throws on arbitrary bytes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3_000 }), async (bytes) => {
        const d = await decideReply(Buffer.from(bytes), { rsvp, defaultEventId: "ev-1", now });
        expect(["register", "cancel", "drop"]).toContain(d.action);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on arbitrary text around real headers", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 400, unit: "grapheme" }),
        fc.string({ maxLength: 400 }),
        async (a, b) => {
          const raw = `From: ${a}\r\nTo: rsvp+ev-1@rsvp.example.org\r\nContent-Type: ${b}\r\n\r\n${a}${b}`;
          const d = await decideReply(raw, { rsvp, now });
          expect(["register", "cancel", "drop"]).toContain(d.action);
        },
      ),
      { numRuns: 200 },
    );
  });

  const local = fc
    .stringMatching(/^[a-z0-9](?:[a-z0-9._+-]{0,10}[a-z0-9])?$/)
    .filter((s) => !s.includes(".."));
  const domain = fc.constantFrom(
    "example.org",
    "mail.example.com",
    "EXAMPLE.net",
    "rsvp.example.org",
    "x.co",
  );
  const address = fc.oneof(
    { weight: 4, arbitrary: fc.tuple(local, domain).map(([l, d]) => `${l}@${d}`) },
    { weight: 1, arbitrary: fc.emailAddress() },
  );
  const caseMixed = (a: string, upper: boolean[]) =>
    [...a].map((c, i) => (upper[i % upper.length] ? c.toUpperCase() : c)).join("");
  /** A display name: plain, quoted, an RFC 2047 word, an address pretending to be a name, or a line break. */
  const displayName = fc.oneof(
    fc.constant(""),
    fc.string({ maxLength: 30 }).map((s) => `=?UTF-8?B?${Buffer.from(s).toString("base64")}?=`),
    fc.stringMatching(/^[A-Za-z ]{1,20}$/),
    address.map((a) => `"${a}"`),
    fc.constant('"Eve\r\nFrom: eve@example.org"'),
  );
  const body = fc.oneof(
    fc.constantFrom("Count me in!", "Sorry, I can't make it.", "Ich muss leider absagen.", "", "ok"),
    fc.string({ maxLength: 200 }),
  );

  it("never registers or cancels anyone but the From address", async () => {
    let decided = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          from: address,
          upper: fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
          name: displayName,
          replyTo: fc.option(address),
          sender: fc.option(address),
          forwarded: fc.option(address),
          attached: fc.option(address),
          body,
        }),
        async (m) => {
          const from = caseMixed(m.from, m.upper);
          const headers = [
            `From: ${m.name} <${from}>`.replace(/^From: {2}</, "From: <"),
            ...(m.replyTo ? [`Reply-To: ${m.replyTo}`] : []),
            ...(m.sender ? [`Sender: ${m.sender}`] : []),
            "To: rsvp+ev-1@rsvp.example.org",
            "Subject: Re: You're invited",
            "Message-ID: <gen@example.org>",
            "MIME-Version: 1.0",
          ];
          const text = [
            m.body,
            ...(m.forwarded
              ? ["", "---------- Forwarded message ---------", `From: Fwd <${m.forwarded}>`, "Count me in"]
              : []),
          ].join("\r\n");
          const raw = m.attached
            ? [
                ...headers,
                'Content-Type: multipart/mixed; boundary="gen"',
                "",
                "--gen",
                "Content-Type: text/plain; charset=utf-8",
                "",
                text,
                "--gen",
                "Content-Type: message/rfc822",
                "",
                `From: Attached <${m.attached}>`,
                "Subject: yes",
                "",
                "Count me in",
                "--gen--",
              ].join("\r\n")
            : [...headers, "Content-Type: text/plain; charset=utf-8", "", text].join("\r\n");
          const d: ReplyDecision = await decideReply(raw, { rsvp, now });
          if (d.action === "drop") return;
          decided += 1;
          expect(emailKey(d.email)).toBe(emailKey(from));
        },
      ),
      { numRuns: 300 },
    );
    // The property speaks only of the messages registered or cancelled: most of the 300 must have been.
    expect(decided).toBeGreaterThan(100);
  });
});
