import pino from "pino";
import { type CommandQueue, type GuestReader, systemClock } from "../../core/ports.ts";
import { createWebApp, type WebDeps } from "../../producers/web/app.ts";

/**
 * The web app in-process, as the runtime composes it, over a store and a queue (a data dir's, opened with or
 * without its keeper): silent, on the system clock, its links starting http://rsvp.test. `deps` adds or
 * replaces the rest (the audit log, the link keyring, a fake clock, …).
 */
export function webAppOver(
  stores: { store: GuestReader; queue: CommandQueue },
  deps: Partial<Omit<WebDeps, "reader" | "queue">> = {},
) {
  return createWebApp({
    reader: stores.store,
    queue: stores.queue,
    clock: systemClock,
    logger: pino({ level: "silent" }),
    baseUrl: () => "http://rsvp.test",
    ...deps,
  });
}

export type TestWebApp = ReturnType<typeof webAppOver>;

/** A browser's post of a form's fields (URL-encoded), asking for a page back. */
export function postForm(app: TestWebApp, path: string, fields: Record<string, string>): Promise<Response> {
  return Promise.resolve(
    app.request(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
      body: new URLSearchParams(fields).toString(),
    }),
  );
}

/** The hidden form id a rendered host page carries (minted when it was rendered). */
export function formIdIn(html: string): string {
  const id = /name="formId" value="([^"]+)"/.exec(html)?.[1];
  if (!id) throw new Error("the page carries no form id");
  return id;
}
