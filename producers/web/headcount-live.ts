import type { EventRecord } from "../../contracts/event.ts";

/**
 * The host page's live headcount as server-sent events (embedded runtime only; a Function URL buffers its
 * answers, so on AWS the page polls). Every stream of one host link shares one watcher, which reads the event
 * at most once per `readEveryMs` however many pages watch, and tells its streams only when the event's version
 * moved: an unchanged headcount costs a watcher nothing, and a watched link one read a second in all. The
 * watcher stops with its last stream. Streams are capped per host link and in all, so a page left open in many
 * tabs (or a client opening streams in a loop) cannot hold the server's sockets; `close` ends every stream
 * (the server's stop) and refuses new ones.
 */
export interface HeadcountLive {
  /**
   * A stream for a host link: null when the caps (or a stop) refuse it, with why. `read` reads the event the
   * link opens (null: the link no longer opens one); `onChange` hears each new version, `onEnd` the end of the
   * stream (the link stopped opening an event, or the server stops).
   */
  open(
    token: string,
    read: () => Promise<EventRecord | null>,
    listener: { onChange: (event: EventRecord) => void; onEnd: () => void },
  ): { watch: LiveWatch } | { refused: "link" | "server" };
  /** The copy the link's watcher read last (at most `readEveryMs` old), or null when nobody watches it. */
  current(token: string): EventRecord | null;
  /** How many streams are open (tests, and the operator's logs). */
  streams(): number;
  /** How often a stream sends a comment, so proxies and browsers keep an unchanged stream open. */
  readonly heartbeatMs: number;
  /** Ends every stream and refuses new ones (the server stops). */
  close(): void;
}

/** One stream's hold on its link's watcher; `leave` when the stream ends (idempotent). */
export interface LiveWatch {
  leave(): void;
}

export interface HeadcountLiveOptions {
  /** How often a watched link's event is read (default 1,000 ms). */
  readEveryMs?: number;
  /** The heartbeat comment's interval (default 25,000 ms; tests shorten it). */
  heartbeatMs?: number;
  /** Streams one host link may hold at once (default 20: a host's devices and tabs). */
  maxPerLink?: number;
  /** Streams the server holds at once (default 1,000). */
  maxStreams?: number;
}

interface Listener {
  onChange: (event: EventRecord) => void;
  onEnd: () => void;
}

interface Watcher {
  listeners: Set<Listener>;
  last: EventRecord | null;
  read: () => Promise<EventRecord | null>;
  timer: ReturnType<typeof setInterval>;
  reading: boolean;
}

export function headcountLive(options: HeadcountLiveOptions = {}): HeadcountLive {
  const readEveryMs = options.readEveryMs ?? 1_000;
  const heartbeatMs = options.heartbeatMs ?? 25_000;
  const maxPerLink = options.maxPerLink ?? 20;
  const maxStreams = options.maxStreams ?? 1_000;
  const watchers = new Map<string, Watcher>();
  let open = 0;
  let closed = false;

  const endAll = (token: string, watcher: Watcher) => {
    clearInterval(watcher.timer);
    if (watchers.get(token) === watcher) watchers.delete(token);
    for (const listener of [...watcher.listeners]) listener.onEnd();
  };

  /** One read for every stream of the link; a read still under way is not doubled. */
  const check = (token: string, watcher: Watcher) => {
    if (watcher.reading) return;
    watcher.reading = true;
    watcher.read().then(
      (event) => {
        watcher.reading = false;
        if (watchers.get(token) !== watcher) return;
        if (!event) return endAll(token, watcher);
        const moved = watcher.last === null || watcher.last.version !== event.version;
        watcher.last = event;
        if (moved) for (const listener of [...watcher.listeners]) listener.onChange(event);
      },
      () => {
        // A failed read (a storage fault) is asked again at the next tick; the streams stay open.
        watcher.reading = false;
      },
    );
  };

  const watcherFor = (token: string, read: Watcher["read"]): Watcher => {
    const existing = watchers.get(token);
    if (existing) return existing;
    const watcher: Watcher = {
      listeners: new Set(),
      last: null,
      read,
      reading: false,
      timer: setInterval(() => check(token, watcher), readEveryMs),
    };
    // The watcher alone must not keep a stopping process alive.
    watcher.timer.unref?.();
    watchers.set(token, watcher);
    return watcher;
  };

  return {
    heartbeatMs,
    open(token, read, listener) {
      if (closed) return { refused: "server" };
      const known = watchers.get(token);
      if (known && known.listeners.size >= maxPerLink) return { refused: "link" };
      if (open >= maxStreams) return { refused: "server" };
      const watcher = watcherFor(token, read);
      const held: Listener = { ...listener };
      watcher.listeners.add(held);
      open += 1;
      let left = false;
      return {
        watch: {
          leave() {
            if (left) return;
            left = true;
            open -= 1;
            watcher.listeners.delete(held);
            if (watcher.listeners.size === 0) {
              clearInterval(watcher.timer);
              if (watchers.get(token) === watcher) watchers.delete(token);
            }
          },
        },
      };
    },
    current(token) {
      return watchers.get(token)?.last ?? null;
    },
    streams: () => open,
    close() {
      closed = true;
      for (const [token, watcher] of [...watchers]) endAll(token, watcher);
    },
  };
}
