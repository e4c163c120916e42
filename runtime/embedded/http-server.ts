import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { getRequestListener } from "@hono/node-server";
import type { HeadcountCache } from "../../producers/web/headcount-cache.ts";
import { answerUnchangedHeadcount } from "./headcount-fast-path.ts";

/** The embedded runtime's HTTP server: listening, and a stop that nothing a client holds open can delay. */
export interface EmbeddedHttp {
  server: Server;
  port: number;
  /**
   * Stops listening and closes every connection: call it after the event streams were told to end (they
   * never end by themselves), so their ends are written before their sockets go.
   */
  close(): Promise<void>;
}

/**
 * Listens on `host`:`port` (0: a free one) and hands every request to the web app, but for an unchanged
 * headcount poll, answered on the socket before a Request is even built (headcount-fast-path.ts). A port in
 * use (EADDRINUSE) or not ours to take (EACCES) rejects.
 */
export function listenHttp(options: {
  fetch: Parameters<typeof getRequestListener>[0];
  headcount: HeadcountCache;
  host: string;
  port: number;
}): Promise<EmbeddedHttp> {
  const dropOnStop = connectionsToDrop();
  const toApp = getRequestListener(options.fetch, { hostname: options.host });
  // A GET (or any request without a body) starts out ended: Node then builds no body stream events for it,
  // which is most of what the host page's polls and the guest pages cost beyond parsing.
  const server = createServer({ optimizeEmptyRequests: true }, (req, res) => {
    dropOnStop.track(req, res);
    if (answerUnchangedHeadcount(options.headcount, req, res)) return;
    void toApp(req, res);
  });
  server.on("connection", (socket) => dropOnStop.watch(socket));
  const close = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // The event streams' sockets once their end is written, and connections never used: a client that
    // stopped reading or keeps a spare connection must not hold the close.
    dropOnStop.dropAll();
    await closed;
    server.closeAllConnections?.();
  };
  return new Promise<EmbeddedHttp>((resolve, reject) => {
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve({ server, port: (server.address() as AddressInfo).port, close });
    });
    // A failure to listen arrives as an event, not a throw.
    server.once("error", reject);
  });
}

/** `/h/<token>/headcount/live`: the responses that stay open (see producers/web/headcount-live.ts). */
const eventStreamPath = /^\/h\/[A-Za-z0-9_-]+\/headcount\/live$/;

/**
 * What a stop must drop itself, because `server.close` waits for it: the event streams' sockets (each stream's
 * end is written when the stop ends the streams, but the socket closes only when the client closes its side,
 * and a client that stopped reading never does), and connections a client opened but never sent a request on
 * (a browser's or undici's spare connection: Node's close leaves them to the client's own timeout).
 * `dropAll` destroys a stream's socket once its response is finished (at the latest after a second) and an
 * unused connection at once.
 */
function connectionsToDrop() {
  const open = new Set<ServerResponse>();
  const unused = new Set<Socket>();
  return {
    watch(socket: Socket) {
      unused.add(socket);
      socket.once("close", () => unused.delete(socket));
    },
    /** Every request, before it is answered: its connection is used; an event stream's response is kept. */
    track(req: IncomingMessage, res: ServerResponse) {
      unused.delete(req.socket);
      if (req.method !== "GET" || !eventStreamPath.test(req.url ?? "")) return;
      open.add(res);
      res.once("close", () => open.delete(res));
    },
    dropAll() {
      for (const socket of unused) socket.destroy();
      for (const res of open) {
        const drop = () => res.socket?.destroy();
        if (res.writableFinished) drop();
        else {
          res.once("finish", drop);
          setTimeout(drop, 1_000).unref();
        }
      }
    },
  };
}
