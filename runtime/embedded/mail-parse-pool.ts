/**
 * Inbound mail is read off the request thread. The embedded runtime serves HTTP and SMTP from one event
 * loop, and one hostile message (9 MB of 600,000 MIME parts) kept it busy for 18 s: every HTTP request
 * waited. Here a worker thread parses each message, one at a time, under limits: the size (the listener
 * refuses bigger ones at DATA), the number of MIME parts (counted before parsing, in the worker), the memory
 * of the worker and the time per message. A message past a limit is dropped as `unreadable`, nothing acts,
 * and the worker is replaced if it had to be stopped.
 */
import { Worker } from "node:worker_threads";
import {
  type InboundMailOptions,
  type ReplyDecision,
  unreadableDrop,
} from "../../producers/email/inbound-mail.ts";
import type { ParseRequest, ParseResponse } from "./mail-parse-worker.ts";
import type { DnsTable, VerdictInput } from "./mail-verdict.ts";

export interface MailParserOptions {
  /** The longest one message may take (parse and verdict), in ms; then the worker is stopped. */
  timeoutMs?: number;
  /** The worker's heap: a message that needs more is dropped (the worker is replaced). */
  maxHeapMb?: number;
  /** Fixed DNS answers for the DMARC verdict (tests run offline); absent: the system resolver. */
  dnsRecords?: DnsTable;
  /** The most MIME parts a message may have (mime-message's `maxParts` unless set). */
  maxParts?: number;
  /** Told when the worker starts on a message (tests observe that the request thread stays free). */
  onParseStart?: () => void;
}

export interface MailParser {
  /** The lane's decision on one message, computed in the worker; never throws for a message's content. */
  decide(
    raw: Buffer | string,
    options: InboundMailOptions,
    verdict: VerdictInput | null,
  ): Promise<ReplyDecision>;
  stop(): Promise<void>;
}

const defaultTimeoutMs = 10_000;
const defaultHeapMb = 256;

/** A drop for a message the worker could not read within its limits. */
const unreadable = (detail: string): ReplyDecision => unreadableDrop(`unreadable:${Date.now()}`, detail);

/** Starts the parser; its worker starts with the first message and again after one it had to stop. */
export function startMailParser(options: MailParserOptions = {}): MailParser {
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  let worker: Worker | null = null;
  let nextId = 1;
  // One message at a time: a flood queues here (bounded by the listener's connection limits), not in memory
  // of the worker.
  let chain: Promise<unknown> = Promise.resolve();

  const spawn = () =>
    new Worker(new URL("./mail-parse-worker.ts", import.meta.url), {
      workerData: { dnsRecords: options.dnsRecords },
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? defaultHeapMb },
    });

  const run = (request: ParseRequest): Promise<ReplyDecision> =>
    new Promise((resolve) => {
      worker ??= spawn();
      const w = worker;
      const finish = (decision: ReplyDecision, stopWorker: boolean) => {
        clearTimeout(timer);
        w.off("message", onMessage);
        w.off("error", onError);
        w.off("exit", onExit);
        if (stopWorker) {
          if (worker === w) worker = null;
          void w.terminate();
        }
        resolve(decision);
      };
      const onMessage = (response: ParseResponse) => {
        if (response.id !== request.id) return;
        if ("started" in response) {
          // The clock runs from here: starting a fresh worker (loading its modules) is not the message's time.
          timer = setTimeout(
            () => finish(unreadable(`reading it took longer than ${timeoutMs} ms`), true),
            timeoutMs,
          );
          options.onParseStart?.();
          return;
        }
        finish(response.ok ? response.decision : unreadable(response.error.slice(0, 200)), false);
      };
      const onError = (error: Error) => finish(unreadable(`the parser failed: ${error.message}`), true);
      const onExit = () => finish(unreadable("the parser stopped"), true);
      let timer: NodeJS.Timeout | undefined;
      w.on("message", onMessage);
      w.once("error", onError);
      w.once("exit", onExit);
      w.postMessage(request);
    });

  return {
    decide(raw, decideOptions, verdict) {
      const { knownMessageIds: _ignored, now, ...rest } = decideOptions;
      const bytes = typeof raw === "string" ? Buffer.from(raw, "utf8") : raw;
      const request: ParseRequest = {
        id: nextId++,
        raw: new Uint8Array(bytes),
        options: {
          ...rest,
          now: (now ?? new Date()).toISOString(),
          ...(options.maxParts ? { maxParts: options.maxParts } : {}),
        },
        verdict,
      };
      const result = chain.then(() => run(request));
      chain = result.catch(() => undefined);
      return result;
    },
    async stop() {
      await chain.catch(() => undefined);
      const w = worker;
      worker = null;
      await w?.terminate();
    },
  };
}
