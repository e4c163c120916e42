import { decideReply, type InboundMailOptions } from "../../producers/email/inbound-mail.ts";

// Messages built for the inbound mail tests (test/unit/inbound-mail-*.test.ts): a reply to an invite from Ana,
// with what a test changes.

export const rsvp = { domain: "rsvp.example.org" };
export const now = new Date("2026-06-01T12:00:00.000Z");

/** A message to build; a header given as "" is left out. */
export interface Draft {
  from?: string;
  to?: string;
  subject?: string;
  headers?: Record<string, string>;
  body?: string;
  contentType?: string;
}

export function message(d: Draft): string {
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

export const decide = (d: Draft, options: InboundMailOptions = { rsvp, now }) =>
  decideReply(message(d), options);
