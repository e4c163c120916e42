import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decideReply, type InboundMailOptions } from "../../producers/email/inbound-mail.ts";
import { now, rsvp } from "../helpers/reply-draft.ts";

// Reading real messages: every fixture of the shared email fixtures, decided as a person would.

const fixtures = join(import.meta.dirname, "../../../shared/fixtures/email");
const read = (name: string) => readFileSync(join(fixtures, name));

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
