/**
 * What the receiving side says about who sent a message: its DMARC verdict. DMARC (RFC 7489) tells whether
 * the From domain vouches for the message (an aligned SPF or DKIM pass). The lane never lets a pass act on
 * its own (only a signed per-guest reply address does), but a `fail` stops even a signed reply, and only a
 * `pass` earns an answer to someone who is not on the guest list (no backscatter to forged senders).
 */
import type { MimeMessage } from "./mime-message.ts";

/** `none`: no verdict (no DMARC record, a DNS failure, a receiving side that gives none). */
export type DmarcVerdict = "pass" | "fail" | "none";

/** SES receipt's verdict values (`receipt.dmarcVerdict.status`): PASS, FAIL, GRAY, PROCESSING_FAILED. */
export function dmarcOfSesStatus(status: string | undefined): DmarcVerdict {
  const s = status?.toUpperCase();
  return s === "PASS" ? "pass" : s === "FAIL" ? "fail" : "none";
}

/**
 * The verdict SES wrote into the message it stored: the topmost Authentication-Results header, if SES
 * (`amazonses.com`) wrote it. SES prepends its headers, so anything a sender wrote sits below; a sender's
 * forged "pass" further down is never read.
 */
export function dmarcOfSesHeaders(message: MimeMessage): DmarcVerdict {
  const top = message.header("authentication-results")[0];
  if (!top || !/^\s*amazonses\.com\s*;/i.test(top)) return "none";
  const result = /\bdmarc\s*=\s*([a-z]+)/i.exec(top)?.[1]?.toLowerCase();
  return result === "pass" ? "pass" : result === "fail" ? "fail" : "none";
}
