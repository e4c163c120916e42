import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emailKey, GuestName } from "../../contracts/common.ts";
import { verifyReplyToken } from "../../core/link-token.ts";
import {
  eventIdOfMessageId,
  guestReplyAddress,
  outgoingMessageId,
  parseRsvpAddress,
} from "../../core/mail-identity.ts";
import {
  decideReply,
  type InboundMailOptions,
  type ReplyDecision,
} from "../../producers/email/inbound-mail.ts";
import { readMessage } from "../../producers/email/mime-message.ts";
import { findCancellation, newText } from "../../producers/email/reply-text.ts";
import { senderOf } from "../../producers/email/sender-identity.ts";
import { testKeyring } from "../helpers/link-minter.ts";

const fixtures = join(import.meta.dirname, "../../../shared/fixtures/email");
const read = (name: string) => readFileSync(join(fixtures, name));

const rsvp = { domain: "rsvp.example.org" };
const now = new Date("2026-06-01T12:00:00.000Z");
/** The fixtures come from elsewhere, so none names one of our events: they are read as `--event ev-table`. */
const asReplies: InboundMailOptions = { rsvp, defaultEventId: "ev-table", now };

type Expected =
  | { action: "register" | "cancel"; email: string; name: string; reason: string }
  | { action: "drop"; reason: string; email: string | null; name?: string | null };

/**
 * Every fixture with what a person reading it would say: register whom, cancel whom, or drop and why.
 * Names are the decoded display names (or the local part when there is none, or it is itself an address).
 */
const table: Record<string, Expected> = {
  // Replies from people: "Hello" and the like, after the quoted original is cut away, is a yes.
  "gmail-web-reply.eml": { action: "register", email: "xxx@gmail.com", name: "Megan One", reason: "reply" },
  "iphone-mail-reply-qp.eml": { action: "register", email: "xxx@gmail.com", name: "xxx", reason: "reply" },
  "thunderbird-bottom-posted-reply.eml": {
    action: "register",
    email: "bob@xxx.mailgun.org",
    name: "bob",
    reason: "reply",
  },
  // The quoted part says "I'm not happy"; the plain and HTML parts disagree; no display name.
  "outlook-2010-reply-word-html.eml": {
    action: "register",
    email: "me@example.com",
    name: "me",
    reason: "reply",
  },
  "hotmail-reply-quoted-header-block.eml": {
    action: "register",
    email: "xxx@hotmail.com",
    name: "Alexey Q",
    reason: "reply",
  },
  "yahoo-reply-original-message.eml": {
    action: "register",
    email: "xxx@yahoo.com",
    name: "Alex Q",
    reason: "reply",
  },
  "sparrow-reply-dashdash-signature.eml": {
    action: "register",
    email: "xxx@gmail.com",
    name: "xxx",
    reason: "reply",
  },
  "zimbra-comcast-reply-bare-from.eml": {
    action: "register",
    email: "xxx@comcast.net",
    name: "xxx",
    reason: "reply",
  },
  "thunderbird-iso-2022-jp.eml": {
    action: "register",
    email: "x@x.com",
    name: "Atsushi Eno",
    reason: "reply",
  },
  "apple-mail-html-only.eml": {
    action: "register",
    email: "james@makita.skynet",
    name: "James Hillyerd",
    reason: "reply",
  },
  // `alice@example.com <bob@example.com>`: Bob wrote it; "alice@…" is no name; Reply-To ivan@ is not the sender.
  "address-as-display-name.eml": {
    action: "register",
    email: "bob@example.com",
    name: "bob",
    reason: "reply",
  },
  // The outer sender "xpto" (an unpadded encoded word), never André Brás of the attached original.
  "apple-mail-forward-as-attachment.eml": {
    action: "register",
    email: "dummy@example.com",
    name: "xpto",
    reason: "reply",
  },
  // An Outlook/Exchange meeting acceptance: empty text, PARTSTAT=ACCEPTED in the calendar part.
  "exchange-imip-accepted-empty-body.eml": {
    action: "register",
    email: "markus.brechtel@uk-koeln.de",
    name: "Markus Brechtel",
    reason: "calendar-accepted",
  },
  // A person, but a non-ASCII local part: rsvp could never mail them (SES has no SMTPUTF8), and the web form
  // refuses the address too. (An internationalised domain alone is accepted: see "who" below.)
  "rfc6532-raw-utf8-headers.eml": {
    action: "drop",
    reason: "unsupported-address",
    email: "jdöe@mächine.example",
    name: "Jöhn Doe",
  },
  // A person wrote it, but to the list new-httpd@apache.org: this is Majordomo's copy (Sender
  // new-httpd-owner@, Precedence: bulk, Reply-To the list), a post in someone else's thread, not an answer to
  // us. The raw Latin-1 name still decodes.
  "netscape-list-reply-raw-8bit-from.eml": {
    action: "drop",
    reason: "mailing-list",
    email: "ingo@blank.pages.de",
    name: "Ingo Lütkebohle",
  },
  // Real spam: it names Outlook Express as its mail program but has no Message-ID, which Outlook Express (like
  // every mail program) writes; a script posing as a client. The GB2312 name still decodes.
  "outlook-express-gb2312-from.eml": {
    action: "drop",
    reason: "spam",
    email: "baoguan@hotmail.com",
    name: "张先生",
  },
  // Not people: "I'm out of the office Friday" is no cancellation, and the Mimecast Reply-To is no guest.
  "exchange-automatic-reply-no-auto-submitted.eml": {
    action: "drop",
    reason: "auto-reply",
    email: "nekonyaan@example.org",
  },
  "mimecast-autoresponse-reply-to.eml": {
    action: "drop",
    reason: "auto-reply",
    email: "noreply@example.com",
  },
  "amazon-ses-bounce-suppression-list.eml": {
    action: "drop",
    reason: "bounce",
    email: "MAILER-DAEMON@amazonses.com",
  },
  "postfix-bounce-fastmail.eml": {
    action: "drop",
    reason: "bounce",
    email: "MAILER-DAEMON@messagingengine.com",
  },
  "office365-ndr.eml": { action: "drop", reason: "bounce", email: "postmaster@example.com" },
};

describe("the fixture table", () => {
  it("covers every message in the shared fixtures", () => {
    expect(Object.keys(table).sort()).toEqual(readdirSync(fixtures).sort());
  });

  for (const [file, expected] of Object.entries(table)) {
    it(`${file}: ${expected.action} ${expected.email ?? ""} (${expected.reason})`, async () => {
      const d = await decideReply(read(file), asReplies);
      expect(d).toMatchObject(expected);
      if (d.action === "drop") {
        expect(d.autoReply).toBeNull();
      } else {
        expect(d.eventId).toBe("ev-table");
      }
    });
  }

  it("bounces, auto-replies and lists are dropped before the event is even looked at", async () => {
    for (const file of ["postfix-bounce-fastmail.eml", "mimecast-autoresponse-reply-to.eml"]) {
      const d = await decideReply(read(file), { rsvp, now });
      expect(d).toMatchObject({ action: "drop", autoReply: null });
      expect(d.reason).not.toBe("unknown-event");
    }
  });

  it("never takes an embedded or quoted sender: the bounce's original, the attachment's From, the list", async () => {
    const all = await Promise.all(Object.keys(table).map((f) => decideReply(read(f), asReplies)));
    const people = all.filter((d) => d.action !== "drop").map((d) => d.email);
    for (const never of [
      "xxx@xxx.com",
      "andrisreinman@fastmail.com",
      "sironeko@example.ed.jp",
      "kijitora@example.com",
    ])
      expect(people).not.toContain(never);
    expect(people).not.toContain("ivan@example.com");
    expect(people).not.toContain("new-httpd@apache.org");
  });
});

// ——— building messages ———

/** A message to build; a header given as "" is left out. */
interface Draft {
  from?: string;
  to?: string;
  subject?: string;
  headers?: Record<string, string>;
  body?: string;
  contentType?: string;
}

function message(d: Draft): string {
  const headers = {
    From: d.from ?? '"Ana Lima" <ana@example.org>',
    To: d.to ?? "rsvp+ev-1@rsvp.example.org",
    Subject: d.subject ?? "Re: You're invited: Summer party",
    Date: "Mon, 01 Jun 2026 10:00:00 +0000",
    "Message-ID": "<reply-1@example.org>",
    "MIME-Version": "1.0",
    "Content-Type": d.contentType ?? "text/plain; charset=utf-8",
    ...d.headers,
  };
  return `${Object.entries(headers)
    .filter(([, v]) => v !== "")
    .map(([k, v]) => `${k}: ${v}`)
    .join("\r\n")}\r\n\r\n${(d.body ?? "Count me in!").replace(/\r?\n/g, "\r\n")}\r\n`;
}

const decide = (d: Draft, options: InboundMailOptions = { rsvp, now }) => decideReply(message(d), options);

describe("which event", () => {
  it("is named by the reply address rsvp+EVENTID@domain, the invite's Reply-To", async () => {
    expect(await decide({ to: "RSVP+Ev_9-x@RSVP.Example.org" })).toMatchObject({
      action: "register",
      eventId: "Ev_9-x",
      email: "ana@example.org",
      name: "Ana Lima",
    });
  });

  it("or by the SMTP envelope, even when the To header names someone else", async () => {
    const d = await decide(
      { to: "friends@example.org" },
      { rsvp, now, envelope: { mailFrom: "ana@example.org", rcptTo: ["rsvp+ev-7@rsvp.example.org"] } },
    );
    expect(d).toMatchObject({ action: "register", eventId: "ev-7" });
  });

  it("or by a Message-ID of ours in In-Reply-To or References", async () => {
    const ours = outgoingMessageId("guest-1/3", "ev-42", "mail.example.org");
    expect(eventIdOfMessageId(ours)).toBe("ev-42");
    const d = await decide({
      to: "rsvp@rsvp.example.org",
      headers: { "In-Reply-To": ours, References: ours },
    });
    expect(d).toMatchObject({ action: "register", eventId: "ev-42" });
    const looked = await decide(
      { to: "rsvp@rsvp.example.org", headers: { References: "<a@x> <0100018f-ses@email.amazonses.com>" } },
      { rsvp, now, knownMessageIds: (id) => (id === "<0100018f-ses@email.amazonses.com>" ? "ev-ses" : null) },
    );
    expect(looked).toMatchObject({ action: "register", eventId: "ev-ses" });
  });

  it("an unknown event is dropped with a polite automatic answer to an authenticated sender, once per sender and day", async () => {
    // Changed by issue 13: only a sender whose domain vouches for them (DMARC pass) is answered, and the
    // answer repeats nothing of the message (it used to echo the subject as "Re: …").
    const authenticated: InboundMailOptions = { rsvp, now, dmarc: "pass" };
    const d = await decide(
      { to: "rsvp@rsvp.example.org", headers: { "Reply-To": "someone-else@example.org" } },
      authenticated,
    );
    expect(d).toMatchObject({
      action: "drop",
      reason: "unknown-event",
      email: "ana@example.org",
      eventId: null,
    });
    if (d.action !== "drop" || !d.autoReply) throw new Error("expected an answer");
    expect(d.autoReply.to).toBe("ana@example.org");
    expect(d.autoReply.subject).toBe("Your message to rsvp");
    expect(d.autoReply.headers).toMatchObject({
      "Auto-Submitted": "auto-replied",
      "In-Reply-To": "<reply-1@example.org>",
    });
    expect(d.autoReply.text).toContain("could not tell which event");
    expect(d.autoReply.text).not.toContain("Ana");
    const again = await decide(
      { to: "rsvp@rsvp.example.org", headers: { "Message-ID": "<other@example.org>" } },
      authenticated,
    );
    expect(again.action === "drop" && again.autoReply?.key).toBe(d.autoReply.key);
  });

  it("an unknown event from a sender nobody vouches for gets no answer: no backscatter to a forged address", async () => {
    for (const dmarc of [undefined, "none", "fail"] as const) {
      const d = await decide(
        {
          to: "rsvp@rsvp.example.org",
          subject: "Buy now at spam.example",
          from: '"Click here" <victim@example.org>',
        },
        { rsvp, now, ...(dmarc ? { dmarc } : {}) },
      );
      expect(d).toMatchObject({ action: "drop", reason: "unknown-event", autoReply: null });
    }
  });

  it("a reply to a host's message, or to the reply address of one, is never an RSVP action", async () => {
    const hostMessage = outgoingMessageId("cmd-1/guest-1", "ev-42", "mail.example.org", "host-message");
    expect(eventIdOfMessageId(hostMessage)).toBe("ev-42");
    const quoted = await decide({
      to: "rsvp+ev-42@rsvp.example.org",
      body: "Sorry, I can't make it.",
      headers: { "In-Reply-To": hostMessage, References: hostMessage },
    });
    expect(quoted).toMatchObject({ action: "drop", reason: "reply-to-host" });
    const keyring = testKeyring();
    const hostAddress = guestReplyAddress(
      { eventId: "ev-42", guestId: "guest-1", purpose: "host" },
      keyring,
      rsvp,
    )!;
    const toHostAddress = await decide({ to: hostAddress, body: "Sorry, I can't make it." });
    expect(toHostAddress).toMatchObject({ action: "drop", reason: "reply-to-host" });
  });

  it("a guest's signed reply address names the event and carries its token (verified later, by the lane)", async () => {
    const keyring = testKeyring();
    const address = guestReplyAddress(
      { eventId: "k2h8q0z1m3x9c7", guestId: "PxV0o2sQm2oRkbiJ3fKbTw", purpose: "rsvp" },
      keyring,
      rsvp,
    )!;
    // As rsvp mints ids (14 and 22 characters), the address fits the 64 characters of a local part.
    expect(address.split("@")[0]!.length).toBeLessThanOrEqual(64);
    const d = await decide({ to: address });
    expect(d).toMatchObject({ action: "register", eventId: "k2h8q0z1m3x9c7" });
    const token = d.action === "register" ? d.replyToken : null;
    expect(verifyReplyToken(token!, keyring)).toEqual({
      ok: true,
      claims: { eventId: "k2h8q0z1m3x9c7", guestId: "PxV0o2sQm2oRkbiJ3fKbTw", purpose: "rsvp" },
    });
    // Any change (a case change in transit, another guest's id, another key) fails.
    expect(verifyReplyToken(token!.toLowerCase(), keyring).ok).toBe(false);
    expect(verifyReplyToken(token!.replace("PxV0", "PxV1"), keyring)).toEqual({
      ok: false,
      reason: "bad-signature",
    });
    expect(verifyReplyToken(token!, testKeyring()).ok).toBe(false);
    // After a rotation the address still verifies while its key is in the ring.
    const rotated = {
      current: { kid: "next", secret: testKeyring().current.secret },
      previous: [keyring.current],
    };
    expect(verifyReplyToken(token!, rotated).ok).toBe(true);
    // Ids too long to fit: no signed address (the event's address is used instead).
    expect(
      guestReplyAddress({ eventId: "e".repeat(30), guestId: "g".repeat(22), purpose: "rsvp" }, keyring, rsvp),
    ).toBeNull();
  });

  it("an address of another domain or mailbox names no event", () => {
    expect(parseRsvpAddress("rsvp+ev-1@other.example", rsvp)).toBeNull();
    expect(parseRsvpAddress("hello+ev-1@rsvp.example.org", rsvp)).toBeNull();
    expect(parseRsvpAddress("rsvp+bad.tag@rsvp.example.org", rsvp)).toBeNull();
    expect(parseRsvpAddress("rsvp@rsvp.example.org", rsvp)).toEqual({ eventId: null });
  });
});

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

describe("intent", () => {
  const cancels = [
    "Sorry, I can't make it.",
    "Unfortunately I won't be able to come after all.",
    "Please cancel my registration",
    "I'm not coming, sorry",
    "Leider kann ich nicht kommen.",
    "Ich muss leider absagen.",
    "Je ne pourrai pas venir, désolée.",
    "Merci, mais je dois annuler.",
    "Lo siento, no podré ir.",
    "Quiero cancelar mi registro.",
  ];
  for (const text of cancels) {
    it(`"${text}" cancels`, async () => {
      expect(await decide({ body: text })).toMatchObject({ action: "cancel", reason: "cancellation" });
    });
  }

  const yeses = [
    "Count me in!",
    "Can't come soon enough, see you there!",
    "Can I still cancel later if something comes up?",
    "I don't want to cancel, just checking the time.",
    "I can't make it before 8, but I'll be there.",
    "Yes!\n\nOn Mon, 1 Jun 2026 at 10:00, rsvp <noreply@rsvp.example.org> wrote:\n> You are invited.\n> No, I can't come:\n> https://rsvp.example.org/l/x",
    "Gerne!\n\nAm 01.06.2026 um 10:00 schrieb rsvp <noreply@rsvp.example.org>:\n> Nein, ich kann nicht kommen",
    "Super!\n\n-----Original Message-----\nFrom: rsvp\nNo, I can't come:",
    "Yes please\n\nFrom: rsvp <noreply@rsvp.example.org>\nSent: Monday, June 1, 2026 10:00\nTo: Ana\nSubject: You're invited\n\nNo, I can't come",
    "Great, see you!\n-- \nAna — can't make it to meetings on Fridays",
  ];
  for (const text of yeses) {
    it(`${JSON.stringify(text.split("\n")[0])} (${text.split("\n").length} lines) is a yes`, async () => {
      expect(await decide({ body: text })).toMatchObject({ action: "register", reason: "reply" });
    });
  }

  it("a bottom-posted answer below a flowed quote still counts", async () => {
    const d = await decide({
      contentType: 'text/plain; charset="us-ascii"; format="flowed"',
      body: "On 01/06/2026 10:00, rsvp wrote:\n> You are invited. \nSorry, I can't make it.",
    });
    expect(d).toMatchObject({ action: "cancel" });
  });

  it("an HTML-only reply is read without its blockquote", async () => {
    const html = `<div>Count me in</div><blockquote type="cite"><div>No, I can't come</div></blockquote>`;
    expect(await decide({ contentType: "text/html; charset=utf-8", body: html })).toMatchObject({
      action: "register",
    });
    expect(
      await decide({ contentType: "text/html; charset=utf-8", body: "<p>Sorry, I can&#39;t make it</p>" }),
    ).toMatchObject({ action: "cancel" });
  });

  it("a fresh message's own subject may say it; a reply's subject is ours and does not count", async () => {
    expect(await decide({ subject: "Can't make it", body: "Ana" })).toMatchObject({ action: "cancel" });
    expect(await decide({ subject: "Re: Cancelled: your seat at Summer party", body: "ok" })).toMatchObject({
      action: "register",
    });
  });

  it("calendar replies accept or decline; a localised Outlook decline subject declines", async () => {
    const vcalendar = (partstat: string) =>
      [
        "BEGIN:VCALENDAR",
        "METHOD:REPLY",
        "BEGIN:VEVENT",
        `ATTENDEE;PARTSTAT=${partstat};CN=Ana:mailto:ana@example.org`,
        "UID:ev-cal.g-1@rsvp",
        "END:VEVENT",
        "END:VCALENDAR",
      ].join("\n");
    const ics = (partstat: string) =>
      [
        "--b",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "",
        "--b",
        "Content-Type: text/calendar; charset=utf-8; method=REPLY",
        "",
        vcalendar(partstat),
        "--b--",
      ].join("\n");
    const calendar = (partstat: string): Draft => ({
      to: "rsvp@rsvp.example.org",
      contentType: 'multipart/alternative; boundary="b"',
      body: ics(partstat),
    });
    // Our calendar entry's UID (EVENTID.GUESTID@rsvp) names the event.
    expect(await decide(calendar("DECLINED"))).toMatchObject({
      action: "cancel",
      reason: "calendar-declined",
      eventId: "ev-cal",
    });
    expect(await decide(calendar("ACCEPTED"))).toMatchObject({
      action: "register",
      reason: "calendar-accepted",
    });
    expect(await decide({ subject: "Abgelehnt: Summer party", body: "" })).toMatchObject({
      action: "cancel",
    });
    // Some calendar apps send the reply as the whole message, not as one part of it.
    expect(
      await decide({
        to: "rsvp@rsvp.example.org",
        subject: "Summer party",
        contentType: "text/calendar; charset=utf-8; method=REPLY",
        body: vcalendar("DECLINED"),
      }),
    ).toMatchObject({ action: "cancel", reason: "calendar-declined", eventId: "ev-cal" });
  });
});

describe("reply text", () => {
  it("keeps only the new text", () => {
    expect(
      newText("Hello\n\nSent from my iPhone\n\nOn Apr 3, 2012, at 4:19 PM, bob <b@x> wrote:\n\n> Hi"),
    ).toBe("Hello");
    expect(newText("On 04/02/2012 06:26 PM, Megan One wrote:\n> Hi\nHello")).toBe("Hello");
    expect(newText("Le lun. 1 juin 2026 à 10:00, rsvp <a@b> a écrit :\n> Salut\nMerci")).toBe("Merci");
  });

  it("skips questions and negated cancel verbs", () => {
    expect(findCancellation("¿Puedo cancelar más tarde?")).toBeNull();
    expect(findCancellation("Ich möchte nicht absagen.")).toBeNull();
    expect(findCancellation("je ne peux pas attendre !")).toBeNull();
    expect(findCancellation("Je ne peux pas venir.")).toBe("ne peux pas venir");
  });
});

// ——— generated cases ———

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
