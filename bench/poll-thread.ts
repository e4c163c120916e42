/**
 * The bench's headcount pollers in a thread of their own (a worker thread of the load generator): the host
 * pages polling are other people's browsers, not the rush's clients, so they get their own event loop instead
 * of taking turns with the rush's node:http client on one. The thread's CPU is still counted (its own, by
 * `process.threadCpuUsage()`), so the load generator's account stays whole.
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { type Polling, pollWithIfNoneMatch } from "./poll-client.ts";

export interface PollTarget {
  hostname: string;
  port: number;
  path: string;
  connections: number;
}

/** One window's answers, and the pollers' thread's CPU seconds during it. */
export interface ThreadPolling extends Polling {
  pollersCpuS: number;
}

type Message = { type: "start" } | { type: "stop" };

/** The pollers' thread: `start` opens a window of polling, `stop` ends it and resolves with what it got. */
export class PollerThread {
  readonly #worker: Worker;
  #result: Promise<ThreadPolling> | null = null;

  constructor(target: PollTarget) {
    this.#worker = new Worker(new URL(import.meta.url), { workerData: target });
  }

  /** Starts polling; resolves once the thread polls (its start-up is not part of any window). */
  async start(): Promise<void> {
    const started = new Promise<void>((resolve, reject) => {
      this.#worker.once("error", reject);
      this.#worker.once("message", () => {
        this.#worker.off("error", reject);
        resolve();
      });
    });
    this.#result = new Promise<ThreadPolling>((resolve, reject) => {
      void started.then(() => this.#worker.once("message", resolve), reject);
    });
    this.#worker.postMessage({ type: "start" } satisfies Message);
    await started;
  }

  /** Ends the window: every connection finishes its poll in flight and closes. */
  stop(): Promise<ThreadPolling> {
    const result = this.#result;
    if (!result) throw new Error("the pollers are not polling");
    this.#result = null;
    this.#worker.postMessage({ type: "stop" } satisfies Message);
    return result;
  }

  close(): Promise<number> {
    return this.#worker.terminate();
  }
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const target = workerData as PollTarget;
  let stop: (() => void) | null = null;
  port.on("message", (message: Message) => {
    if (message.type === "stop") {
      stop?.();
      return;
    }
    const until = new Promise<void>((resolve) => (stop = resolve));
    const before = process.threadCpuUsage();
    port.postMessage("polling");
    void pollWithIfNoneMatch({ ...target, until }).then((polling) => {
      const cpu = process.threadCpuUsage(before);
      port.postMessage({ ...polling, pollersCpuS: (cpu.user + cpu.system) / 1e6 } satisfies ThreadPolling);
    });
  });
}
