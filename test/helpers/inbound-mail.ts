import type { DnsTable } from "../../runtime/embedded/mail-verdict.ts";

/** A message of many tiny MIME parts: what kept a parser busy for 18 s at 600,000 parts in 9 MB. */
export function mimeBomb(parts: number, headers: Record<string, string> = {}): Buffer {
  const boundary = "b";
  const head = [
    ...Object.entries({
      From: "Mallory <mallory@example.org>",
      To: "rsvp@rsvp.test",
      Subject: "parts",
      "Message-ID": `<bomb-${parts}@example.org>`,
      ...headers,
    }).map(([k, v]) => `${k}: ${v}`),
    "MIME-Version: 1.0",
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    "",
    "",
  ].join("\r\n");
  const part = `--${boundary}\r\n\r\nxxxxxx\r\n`;
  return Buffer.concat([
    Buffer.from(head),
    Buffer.from(part.repeat(parts)),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
}

/** example.org lets 127.0.0.1 send its mail; forged.example lets nobody; both publish DMARC p=reject. */
export const testDns: DnsTable = {
  "TXT example.org": [["v=spf1 ip4:127.0.0.1 -all"]],
  "TXT _dmarc.example.org": [["v=DMARC1; p=reject"]],
  "TXT forged.example": [["v=spf1 -all"]],
  "TXT _dmarc.forged.example": [["v=DMARC1; p=reject"]],
};
