/**
 * The worker thread that reads inbound mail for the embedded SMTP listener (see mail-parse-pool.ts): the
 * sender's DMARC verdict (mailauth: DKIM, SPF, DMARC) and the lane's decision (MIME parsing and the text
 * scans). Both can take a while on a hostile message; here they take it from no HTTP request.
 */
import { parentPort, workerData } from "node:worker_threads";
import { decideReply, type InboundMailOptions } from "../../producers/email/inbound-mail.ts";
import { type DnsTable, senderVerdict, type VerdictInput } from "./mail-verdict.ts";

export interface ParseRequest {
  id: number;
  raw: Uint8Array;
  options: Omit<InboundMailOptions, "knownMessageIds" | "now"> & { now: string };
  /** Who delivered it, for SPF and DMARC; null: judge nothing (the verdict is "none"). */
  verdict: VerdictInput | null;
}

export type ParseResponse =
  | { id: number; started: true }
  | { id: number; ok: true; decision: Awaited<ReturnType<typeof decideReply>> }
  | { id: number; ok: false; error: string };

const port = parentPort;
if (!port) throw new Error("mail-parse-worker runs as a worker thread");
const dnsTable = (workerData as { dnsRecords?: DnsTable } | null)?.dnsRecords;

port.on("message", async (request: ParseRequest) => {
  port.postMessage({ id: request.id, started: true } satisfies ParseResponse);
  try {
    const raw = Buffer.from(request.raw.buffer, request.raw.byteOffset, request.raw.byteLength);
    const dmarc = request.verdict ? await senderVerdict(raw, request.verdict, dnsTable) : "none";
    const decision = await decideReply(raw, {
      ...request.options,
      now: new Date(request.options.now),
      dmarc: request.options.dmarc ?? dmarc,
    });
    port.postMessage({ id: request.id, ok: true, decision } satisfies ParseResponse);
  } catch (error) {
    port.postMessage({ id: request.id, ok: false, error: String(error) } satisfies ParseResponse);
  }
});
