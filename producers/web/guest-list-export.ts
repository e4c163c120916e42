/**
 * The guest list as one file where the download otherwise comes in parts (AWS): the page of parts offers
 * "Prepare one file" (a host form post), which writes the CSV to the runtime's file store
 * (core/guest-list-files.ts: S3, objects deleted after a day) part by part, with the same part ranges and the
 * same text as the parts, then sends the host (303) to a page linking to the file for 15 minutes.
 *
 * - Idempotent: the file's name is derived from the event and the form's one-time id, so posting the same
 *   form again finds the file written and writes nothing.
 * - GET shows, POST acts: the file's page only reads whether the file is there and signs a fresh link.
 */
import { createHash } from "node:crypto";
import type { Hono } from "hono";
import { html } from "hono/html";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestListFiles } from "../../core/guest-list-files.ts";
import type { GuestListKey } from "../../core/guest-list-reads.ts";
import { type CsvOptions, guestListCsv, guestListCsvMore, guestListRowsPlaced } from "../host/guest-list.ts";
import { ForbiddenError, NotFoundError, said } from "./errors.ts";
import type { PartReader } from "./guest-list-paging.ts";
import { ButtonForm, isIssuedFormId, readHostForm } from "./host-forms.ts";
import { backLink, type HostFrame, hiddenFormId, hostLayout, hostText } from "./host-frame.ts";
import type { HostEnv, HostRouteKit } from "./host-routes.ts";
import type { Html } from "./pages.ts";

/** How long the file's link works: long enough to click it, short enough not to travel far. */
export const exportLinkSeconds = 15 * 60;

/** Guests read per part while writing the file: the download's own part size (a multiple of the mark stride). */
export const exportPart = 5_000;

/** The file's id: 32 hex digits of a hash of the event and the form's one-time id. */
const FileId = /^[0-9a-f]{32}$/;

/** The id of the file a form post writes: the same for the same form (idempotent), unguessable without it. */
export function exportFileId(eventId: string, formId: string): string {
  return createHash("sha256").update(`guest-list-export\0${eventId}\0${formId}`).digest("hex").slice(0, 32);
}

/** Where the file lives in the store: under the event, so no event's link names another's file. */
const fileName = (eventId: string, file: string) => `${eventId}/${file}.csv`;

/** The CSV download's options for `event` (as the download and its parts write it). */
export function csvOptionsOf(event: EventRecord): CsvOptions {
  return { bom: true, questions: event.settings.questions, reconfirm: event.settings.reconfirm !== null };
}

/**
 * The whole list's CSV, a part at a time: the parts of the page of parts (after one mark, through the next),
 * then the guests after the last mark; if the list grew by more than a part meanwhile, the marks are read
 * again and the parts after the last one written follow. Each guest is written once: every range is of
 * registration order, after the end of the one before.
 */
export async function* guestListExportChunks(
  reader: PartReader,
  event: EventRecord,
  options: CsvOptions = csvOptionsOf(event),
  per = exportPart,
): AsyncGenerator<string> {
  const eventId = event.eventId;
  let after: GuestListKey | undefined;
  let written = 0;
  let first = true;
  const csv = (window: Awaited<ReturnType<PartReader["guestListPart"]>>) => {
    const rows = guestListRowsPlaced(window.guests, window.waitlistPositions);
    const text = first ? guestListCsv(rows, options) : guestListCsvMore(rows, options);
    first = false;
    return text;
  };
  for (let round = 0; ; round++) {
    const { marks } = await reader.guestListMarks(eventId, per);
    const ahead = marks.slice(written / per);
    // Past the last part there were over two parts' guests, so a second reading of the marks holds new ones.
    if (round > 0 && ahead.length === 0) throw new Error("the guest list grew past its marks while written");
    for (const through of ahead) {
      const window = await reader.guestListPart(eventId, {
        most: per * 2,
        through,
        ...(after ? { after } : {}),
      });
      if (window.hasNext) throw new Error(`guest list part through ${through.guestId} holds over two parts`);
      yield csv(window);
      after = through;
      written += per;
    }
    const rest = await reader.guestListPart(eventId, { most: per * 2, ...(after ? { after } : {}) });
    if (!rest.hasNext) {
      yield csv(rest);
      return;
    }
  }
}

/** The offer on the page of parts: one button, posting a one-time form id. */
export function exportOffer(frame: HostFrame, formId: string): Html {
  const t = hostText(frame.language);
  return html`<form method="post" action="${frame.base}/export">
${hiddenFormId(formId)}
<p>${t("listExport.offer")}</p>
<p><button type="submit">${t("listExport.prepare")}</button></p>
</form>`;
}

/** The routes: `POST /h/:token/export` writes the file, `GET /h/:token/export/:file` links to it. */
export function guestListExportRoutes(
  app: Hono<HostEnv>,
  deps: { reader: PartReader; files: GuestListFiles },
  kit: Pick<HostRouteKit, "host" | "formLimit" | "eventOf" | "base">,
): void {
  const { host, formLimit, eventOf, base } = kit;

  app.post("/h/:hostToken/export", host, formLimit, async (c) => {
    const event = eventOf(c);
    const form = await readHostForm(c.req, ButtonForm);
    if (!isIssuedFormId(c.req.param("hostToken") ?? "", form.formId))
      throw new ForbiddenError(said("host.formNotIssued"), undefined, {
        hint: said("host.formNotIssuedHint"),
      });
    const file = exportFileId(event.eventId, form.formId);
    const name = fileName(event.eventId, file);
    // The same form posted again (a reload, a double click) finds its file and writes nothing.
    if (!(await deps.files.has(name)))
      await deps.files.write(name, guestListExportChunks(deps.reader, event));
    return c.redirect(`${base(c)}/export/${file}`, 303);
  });

  app.get("/h/:hostToken/export/:file", host, async (c) => {
    const event = eventOf(c);
    const file = c.req.param("file");
    if (!FileId.test(file)) throw new NotFoundError(said("listExport.badFile"));
    const name = fileName(event.eventId, file);
    if (!(await deps.files.has(name))) throw new NotFoundError(said("listExport.gone"));
    const href = await deps.files.link(name, {
      filename: `guests-${event.eventId}.csv`,
      seconds: exportLinkSeconds,
    });
    c.header("Cache-Control", "no-store");
    return c.html(filePage(event, base(c), href));
  });
}

/** The page linking to the file; `base` is the host link's (`/h/<token>`). */
function filePage(event: EventRecord, base: string, href: string): Html {
  const frame: HostFrame = { eventName: event.name, language: event.details.language, base };
  const t = hostText(frame.language);
  return hostLayout(
    frame,
    t("listExport.title"),
    html`${backLink(frame)}
<h1>${t("listExport.title")}</h1>
<p>${t("listExport.ready")}</p>
<div class="actions"><a class="button" href="${href}" download>${t("listExport.download")}</a></div>
<p class="note">${t("listExport.expires", { minutes: exportLinkSeconds / 60 })}</p>
<p><a href="${frame.base}/guests.csv">${t("listExport.back")}</a></p>`,
  );
}
