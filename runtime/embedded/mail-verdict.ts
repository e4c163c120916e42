/**
 * The embedded listener's DMARC verdict on a received message, by mailauth (DKIM, SPF, DMARC as the
 * receiving server computes them). DNS is a parameter: the system resolver with a short timeout, or a fixed
 * table (tests run offline). Any DNS failure, and any error, is "no verdict": a verdict we could not
 * compute neither lets a message act nor stops it.
 */
import { promises as dns } from "node:dns";
import { authenticate, type DNSResolver } from "mailauth";
import type { DmarcVerdict } from "../../producers/email/sender-auth.ts";

/** What the SMTP session knows of the delivering client. */
export interface VerdictInput {
  /** The client's IP address. */
  ip: string;
  /** What it said in EHLO/HELO. */
  helo: string | null;
  /** MAIL FROM; null for `<>`. */
  mailFrom: string | null;
  /** Our host name, as the receiving MTA. */
  mta: string;
}

/** A DNS answer table: `"TXT example.org"` → records (TXT records as arrays of strings, as node:dns gives). */
export type DnsTable = Record<string, string[][] | string[]>;

const systemResolver = new dns.Resolver({ timeout: 2_000, tries: 1 });

function resolverOf(table: DnsTable | undefined): DNSResolver {
  if (!table) return (name, rrtype) => systemResolver.resolve(name, rrtype) as Promise<string[][] | string[]>;
  return async (name, rrtype) => {
    const records = table[`${rrtype} ${name.toLowerCase().replace(/\.$/, "")}`];
    if (records) return records;
    throw Object.assign(new Error(`no ${rrtype} record for ${name}`), { code: "ENOTFOUND" });
  };
}

/** The DMARC verdict on the message's From domain: pass, fail, or none (no record, DNS failure, an error). */
export async function senderVerdict(
  raw: Buffer,
  input: VerdictInput,
  table?: DnsTable,
): Promise<DmarcVerdict> {
  try {
    const result = await authenticate(raw, {
      ip: input.ip,
      helo: input.helo ?? undefined,
      sender: input.mailFrom ?? "",
      mta: input.mta,
      resolver: resolverOf(table),
      disableArc: true,
      disableBimi: true,
    });
    const verdict = (result.dmarc as { status?: { result?: string } } | false | undefined) || undefined;
    const outcome = verdict?.status?.result;
    return outcome === "pass" ? "pass" : outcome === "fail" ? "fail" : "none";
  } catch {
    return "none";
  }
}
