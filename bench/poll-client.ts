/**
 * The bench's headcount pollers: keep-alive HTTP/1.1 connections on plain sockets, each sending the host
 * page's poll (GET with If-None-Match) as soon as the last answer is in. Node's http client costs about as much
 * CPU per request as the server's answer does, and the load generator shares the machine with the server: a
 * client that costs little leaves the cores to what is measured.
 */
import { connect, type Socket } from "node:net";

export interface Polling {
  notModified: number;
  ok: number;
  other: number;
  seconds: number;
}

const headerEnd = Buffer.from("\r\n\r\n");
const chunkedEnd = Buffer.from("\r\n0\r\n\r\n");

/**
 * The first whole answer at the start of what a connection received: its status, its head (read only when it
 * is not a 304) and its length in bytes; null while it is incomplete.
 */
export function nextAnswer(buffered: Buffer): { status: number; head: string; length: number } | null {
  const end = buffered.indexOf(headerEnd);
  if (end < 0) return null;
  // "HTTP/1.1 304": a 304 has no body (RFC 9110), so its head is all there is to read.
  const status = (buffered[9]! - 48) * 100 + (buffered[10]! - 48) * 10 + (buffered[11]! - 48);
  if (status === 304) return { status, head: "", length: end + 4 };
  const head = buffered.subarray(0, end).toString("latin1");
  const contentLength = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  let length: number;
  if (contentLength) length = end + 4 + Number(contentLength[1]);
  else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
    const last = buffered.indexOf(chunkedEnd, end);
    if (last < 0) return null;
    length = last + chunkedEnd.length;
  } else length = end + 4;
  return buffered.length < length ? null : { status, head, length };
}

/**
 * `connections` sockets poll `path` until `until` settles, each with the ETag the last 200 carried (shared,
 * like the pollers of one host page's tabs); counts the answers.
 */
export async function pollWithIfNoneMatch(options: {
  hostname: string;
  port: number;
  path: string;
  connections: number;
  until: Promise<unknown>;
}): Promise<Polling> {
  const polling: Polling = { notModified: 0, ok: 0, other: 0, seconds: 0 };
  let etag = "";
  // The request as bytes, built again only when the ETag changes (one write of a ready buffer a poll).
  let requestFor = "";
  let requestBytes = Buffer.alloc(0);
  const requestOf = () => {
    if (requestFor !== etag || requestBytes.length === 0) {
      requestFor = etag;
      requestBytes = Buffer.from(
        `GET ${options.path} HTTP/1.1\r\nHost: ${options.hostname}\r\nAccept: application/json\r\nIf-None-Match: ${etag}\r\n\r\n`,
        "latin1",
      );
    }
    return requestBytes;
  };
  let done = false;
  void options.until.finally(() => {
    done = true;
  });
  const started = performance.now();
  const one = () =>
    new Promise<void>((resolve) => {
      const socket: Socket = connect({ host: options.hostname, port: options.port, noDelay: true });
      let buffered: Buffer = Buffer.alloc(0);
      const send = () => {
        if (done) {
          socket.end();
          return;
        }
        socket.write(requestOf());
      };
      socket.on("connect", send);
      socket.on("data", (chunk: Buffer) => {
        buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
        for (;;) {
          const answer = nextAnswer(buffered);
          if (!answer) return;
          buffered = buffered.subarray(answer.length);
          if (answer.status === 304) polling.notModified += 1;
          else if (answer.status === 200) {
            polling.ok += 1;
            etag = /\r\netag:\s*([^\r]*)/i.exec(answer.head)?.[1] ?? etag;
          } else polling.other += 1;
          send();
        }
      });
      socket.on("error", () => {
        polling.other += 1;
      });
      socket.on("close", () => resolve());
    });
  await Promise.all(Array.from({ length: options.connections }, one));
  polling.seconds = (performance.now() - started) / 1000;
  return polling;
}
