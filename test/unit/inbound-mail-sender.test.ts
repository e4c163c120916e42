import { describe, expect, it } from "vitest";
import { GuestName } from "../../contracts/common.ts";
import type { InboundMailOptions } from "../../producers/email/inbound-mail.ts";
import { readMessage } from "../../producers/email/mime-message.ts";
import { senderOf } from "../../producers/email/sender-identity.ts";
import { type Draft, decide, now, rsvp } from "../helpers/reply-draft.ts";

// Who sent a reply, and whether a person did: the From address only (never a forged Reply-To or Sender), loops,
// machines (bounces, auto-replies, lists, spam) dropped without an answer, and display names cleaned.

describe("who", () => {
  it("is the From address, never a differing Reply-To or Sender", async () => {
    // Sender: an assistant sending on Ana's behalf (RFC 5322 §3.6.2); she is the one who answers.
    const d = await decide({
      from: "Ana <Ana@Example.org>",
      headers: { "Reply-To": "mallory@example.org", Sender: "assistant@example.org" },
    });
    expect(d).toMatchObject({ action: "register", email: "Ana@Example.org" });
  });

  it("an internationalised domain is registered in its ASCII form; a non-ASCII local part cannot be", async () => {
    // Raw UTF-8 (RFC 6532) and the same address as the web form would hold it.
    expect(await decide({ from: "Ana <ana@bücher.example>" })).toMatchObject({
      action: "register",
      email: "ana@xn--bcher-kva.example",
      name: "Ana",
    });
    expect(await decide({ from: "=?UTF-8?Q?J=C3=B6rg?= <jörg@example.org>" })).toMatchObject({
      action: "drop",
      reason: "unsupported-address",
      email: "jörg@example.org",
      name: "Jörg",
    });
  });

  it("decodes RFC 2047 names and falls back to the local part for an address used as a name", async () => {
    expect(await decide({ from: "=?ISO-8859-1?Q?Andr=E9_Br=E1s?= <andre@example.org>" })).toMatchObject({
      name: "André Brás",
    });
    expect(await decide({ from: '"andre@example.org" <andre@example.org>' })).toMatchObject({
      name: "andre",
    });
    expect(await decide({ from: "andre.bras@example.org" })).toMatchObject({ name: "andre.bras" });
  });

  it("a message from the RSVP mailbox itself, or one of our own emails coming back, is a loop", async () => {
    expect(await decide({ from: "rsvp@rsvp.example.org" })).toMatchObject({ action: "drop", reason: "loop" });
    expect(await decide({ headers: { "X-Rsvp-Kind": "invite" } })).toMatchObject({
      action: "drop",
      reason: "loop",
    });
  });
});

describe("not a person", () => {
  const cases: [string, Draft | null, InboundMailOptions | null, string][] = [
    ["SES spam verdict FAIL", { headers: { "X-SES-Spam-Verdict": "FAIL" } }, null, "spam"],
    [
      "SES virus verdict FAIL",
      { headers: { "X-SES-Virus-Verdict": "FAIL", "X-SES-Spam-Verdict": "PASS" } },
      null,
      "virus",
    ],
    ["SES verdict passed in", {}, { rsvp, now, sesVerdicts: { spam: "FAIL" } }, "spam"],
    ["a spam filter's flag", { headers: { "X-Spam-Flag": "YES" } }, null, "spam"],
    ["the null envelope sender", {}, { rsvp, now, envelope: { mailFrom: null, rcptTo: [] } }, "bounce"],
    ["Auto-Submitted", { headers: { "Auto-Submitted": "auto-replied" } }, null, "auto-reply"],
    ["German out of office", { subject: "Abwesenheitsnotiz: Summer party" }, null, "auto-reply"],
    ["French automatic reply", { subject: "Réponse automatique : Summer party" }, null, "auto-reply"],
    ["Spanish automatic reply", { subject: "Respuesta automática: Summer party" }, null, "auto-reply"],
    ["Out of Office", { subject: "Out of Office: Re: You're invited" }, null, "auto-reply"],
    [
      "a read receipt",
      { contentType: 'multipart/report; report-type=disposition-notification; boundary="b"' },
      null,
      "read-receipt",
    ],
    ["a mailing list", { headers: { "List-Id": "<friends.example.org>" } }, null, "mailing-list"],
    [
      "a list server's copy (Sender: LIST-bounces@)",
      { headers: { Sender: "friends-bounces+ana=example.org@lists.example.org" } },
      null,
      "mailing-list",
    ],
    [
      "a mail program's name without the Message-ID it writes",
      { headers: { "X-Mailer": "Microsoft Outlook 16.0", "Message-ID": "" } },
      null,
      "spam",
    ],
    ["a spam filter's status", { headers: { "X-Spam-Status": "Yes, score=9.1" } }, null, "spam"],
    ["Precedence: junk", { headers: { Precedence: "junk" } }, null, "bulk"],
  ];
  for (const [what, draft, options, reason] of cases) {
    it(`${what} → drop (${reason}), never an answer`, async () => {
      const d = await decide(draft ?? {}, options ?? { rsvp, now });
      expect(d).toMatchObject({ action: "drop", reason, autoReply: null });
    });
  }

  it("a missing Message-ID alone is no verdict: hand-written and test messages lack one", async () => {
    expect(await decide({ headers: { "Message-ID": "" } })).toMatchObject({
      action: "register",
      messageId: expect.stringMatching(/^sha256:/),
    });
  });

  it("Auto-Submitted: no is a person", async () => {
    expect(await decide({ headers: { "Auto-Submitted": "no" } })).toMatchObject({ action: "register" });
  });
});

describe("a From display name with text that should not be stored is cleaned, never stored raw", () => {
  const fromWord = (name: string) => `=?UTF-8?B?${Buffer.from(name, "utf8").toString("base64")}?=`;
  const nameOf = async (from: string | Buffer) => {
    const raw = Buffer.concat([
      Buffer.from("From: "),
      typeof from === "string" ? Buffer.from(from) : from,
      Buffer.from(
        "\r\nTo: rsvp+ev-1@rsvp.example.org\r\nSubject: yes\r\nMessage-ID: <n@example.org>\r\n\r\nCount me in\r\n",
      ),
    ]);
    const sender = senderOf(await readMessage(raw), raw);
    expect(sender.ok).toBe(true);
    const name = sender.ok ? sender.name : "";
    expect(GuestName.safeParse(name).success).toBe(true);
    return name;
  };

  it("drops bidi controls and turns line separators and C1 controls into spaces", async () => {
    expect(await nameOf(`${fromWord("Ana \u202eamiL\u202c")} <ana@example.org>`)).toBe("Ana amiL");
    expect(await nameOf(`${fromWord("\u2067Ana\u2069 Lima")} <ana@example.org>`)).toBe("Ana Lima");
    expect(await nameOf(`${fromWord("Ana\u2028Lima\u0085Jr")} <ana@example.org>`)).toBe("Ana Lima Jr");
  });

  it("never keeps U+FFFD from bytes that are not UTF-8; a name of nothing but controls gives the local part", async () => {
    const name = await nameOf(
      Buffer.from([...Buffer.from('"Ana '), 0xff, 0xfe, ...Buffer.from('" <ana@example.org>')]),
    );
    expect(name).not.toContain("\ufffd");
    expect(await nameOf(`${fromWord("\u202e\u2066\u2028")} <bo.lima@example.org>`)).toBe("bo.lima");
  });
});
