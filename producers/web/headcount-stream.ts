import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { type EventRecord, headcountOf } from "../../contracts/event.ts";
import { NotFoundError, ServiceUnavailableError, said, TooManyRequestsError } from "./errors.ts";
import { headcountTagOf } from "./headcount-cache.ts";
import type { HeadcountLive } from "./headcount-live.ts";

/** When a refused stream may ask again; the host page does not wait for it, it polls meanwhile. */
const retryAfterSeconds = 30;

/**
 * `GET /h/:hostToken/headcount/live`: the headcount as server-sent events. The first event (`headcount`, its
 * id the headcount's ETag) is the headcount as it is, unless the client's `Last-Event-ID` already names it (a
 * reconnecting EventSource); after that an event only when the event's version moved, and a comment every
 * `heartbeatMs` meanwhile. An unknown host link is refused like on every host route (404), before a stream
 * is opened; the caps answer 429 (this link holds too many) or 503 (the server does, or it is stopping).
 */
export async function headcountStream(
  c: Context,
  live: HeadcountLive,
  token: string,
  read: () => Promise<EventRecord | null>,
): Promise<Response> {
  // A link already watched was read within the last moment; only a new one costs a read here.
  const event = live.current(token) ?? (await read());
  if (!event) throw new NotFoundError(said("host.unknownLink"));
  let push: (event: EventRecord) => void = () => {};
  let end: () => void = () => {};
  const opened = live.open(token, read, { onChange: (e) => push(e), onEnd: () => end() });
  if ("refused" in opened)
    throw opened.refused === "link"
      ? new TooManyRequestsError(said("host.liveTooMany"), undefined, { retryAfterSeconds })
      : new ServiceUnavailableError(said("host.liveBusy"), undefined, { retryAfterSeconds });
  const lastEventId = c.req.header("last-event-id");
  const response = streamSSE(c, async (stream) => {
    const ended = new Promise<void>((resolve) => {
      end = resolve;
    });
    stream.onAbort(() => end());
    // One write at a time, and at most one event waiting behind it: only the newest headcount matters, and a
    // heartbeat is skipped while a write is still out. A client that stops reading then holds one frame, not a
    // pile of them. A client gone makes the writes no-ops (Hono swallows the error).
    let writing: Promise<void> | null = null;
    let waiting: { id: string; data: string } | null = null;
    const settle = (write: Promise<unknown>) => {
      writing = write.then(
        () => {},
        () => {},
      );
      void writing.then(() => {
        writing = null;
        flush();
      });
    };
    const flush = () => {
      if (writing || !waiting) return;
      const frame = waiting;
      waiting = null;
      settle(stream.writeSSE({ event: "headcount", ...frame }));
    };
    let sent = lastEventId ?? "";
    push = (e) => {
      const id = headcountTagOf(e);
      if (id === sent) return;
      sent = id;
      waiting = { id, data: JSON.stringify(headcountOf(e)) };
      flush();
    };
    const heartbeat = setInterval(() => {
      if (!writing) settle(stream.write(": heartbeat\n\n"));
    }, live.heartbeatMs);
    push(event);
    try {
      await ended;
    } finally {
      clearInterval(heartbeat);
      opened.watch.leave();
      await writing;
    }
  });
  // A stream's connection is its own (a browser opens another for everything else): closed with the stream,
  // so a server stopping does not wait for the client to drop an idle keep-alive socket.
  response.headers.set("Connection", "close");
  return response;
}
