import { html, raw } from "hono/html";
import type { Language } from "../../contracts/language.ts";
import type { StoredEmail } from "../../core/mail-ports.ts";
import { type Translate, translator } from "../../i18n/index.ts";
import { stackedTablesStyle, tableLabelsStyle } from "./admin-style.ts";
import { type Html, layout } from "./pages.ts";

/** On a phone the outbox's table is a stack of cards, each cell labelled in the reader's language (admin-style.ts). */
const stackedTables = (language: Language) =>
  html`<style>${raw(stackedTablesStyle)}</style><style>${raw(tableLabelsStyle(language))}</style>`;

/**
 * The outbox pages: every email rsvp queued, for the operator of an embedded install without a mail server
 * (and for checking what went out when there is one). Everything in an email was rendered from text typed by
 * strangers, so it is shown escaped; an email's own HTML is shown only inside a sandboxed frame (no scripts,
 * no forms, its own opaque origin), which inherits this page's Content-Security-Policy as well. Words from the
 * `misc.outbox` catalog, in the reader's language (the browser's); links are named by their action's code.
 */

/** The path segment naming one email: its key in base64url (keys contain "/"). */
export const emailRef = (key: string) => Buffer.from(key, "utf8").toString("base64url");
export const keyOfRef = (ref: string) => Buffer.from(ref, "base64url").toString("utf8");

const when = (iso: string) => iso.replace("T", " ").replace(/\.\d+Z$/, "Z");

function linkList(links: Record<string, string>, t: Translate): Html {
  const entries = Object.entries(links);
  if (entries.length === 0) return html`<span class="note">${t("misc.outbox.noLinks")}</span>`;
  return html`${entries.map(([action, url], i) => html`${i > 0 ? ", " : ""}<a href="${url}">${action}</a>`)}`;
}

export interface OutboxPageProps {
  emails: readonly StoredEmail[];
  /** The outbox's own path, `/outbox/<token>`. */
  basePath: string;
  eventId: string | null;
  limit: number;
  /** The reader's language (the browser's); English when absent. */
  language?: Language;
}

/** The sentence above the list: all events or one, and whether the list stops at `limit`. */
function introOf(t: Translate, eventId: string | null, limit: number, full: boolean): string {
  if (eventId === null) return full ? t("misc.outbox.introAllLatest", { limit }) : t("misc.outbox.introAll");
  return full
    ? t("misc.outbox.introEventLatest", { limit, event: eventId })
    : t("misc.outbox.introEvent", { event: eventId });
}

export function outboxPage({ emails, basePath, eventId, limit, language = "en" }: OutboxPageProps): Html {
  const t = translator(language);
  const column = (key: string) => t(`misc.outbox.columns.${key}`);
  const rows = emails.map(
    (e) => html`<tr>
<td>${when(e.createdAt)}</td>
<td>${t(`misc.outbox.state.${e.state}`)}${e.attempts > 0 ? html` <span class="note">(${e.attempts})</span>` : null}</td>
<td>${e.to}</td>
<td><a href="${basePath}/${emailRef(e.key)}">${e.subject}</a></td>
<td>${linkList(e.links, t)}</td>
</tr>`,
  );
  return layout(
    t("misc.outbox.title"),
    html`<h1>${t("misc.outbox.title")}</h1>
<p>${introOf(t, eventId, limit, emails.length === limit)}
${eventId ? html`<a href="${basePath}">${t("misc.outbox.allEvents")}</a>` : null}</p>
<p>${t("misc.outbox.stateNote", { state: t("misc.outbox.state.outbox") })}</p>
${
  emails.length === 0
    ? html`<p>${t("misc.outbox.none")}</p>`
    : html`<table class="wide outbox">
<thead><tr>${["queued", "state", "to", "subject", "links"].map((k) => html`<th>${column(k)}</th>`)}</tr></thead>
<tbody>${rows}</tbody>
</table>`
}
<p class="note">${t("misc.outbox.private")}</p>`,
    stackedTables(language),
    { lang: language },
  );
}

export interface OutboxEmailPageProps {
  email: StoredEmail;
  basePath: string;
  /** The reader's language (the browser's); English when absent. */
  language?: Language;
}

export function outboxEmailPage({ email: e, basePath, language = "en" }: OutboxEmailPageProps): Html {
  const t = translator(language);
  const row = (key: string, value: Html | string | number | null) =>
    html`<tr><th scope="row">${t(`misc.outbox.email.${key}`)}</th><td>${value ?? "-"}</td></tr>`;
  return layout(
    e.subject,
    html`<p class="note"><a href="${basePath}">${t("misc.outbox.title")}</a></p>
<h1>${e.subject}</h1>
<table class="wide">
${e.fromName ? row("fromName", e.fromName) : null}
${row("to", e.to)}
${row("queued", when(e.createdAt))}
${row("state", t(`misc.outbox.state.${e.state}`))}
${row("attempts", e.attempts)}
${e.lastError ? row("lastError", e.lastError) : null}
${e.sentAt ? row("sent", when(e.sentAt)) : null}
${row("key", html`<code>${e.key}</code>`)}
${row("event", html`<a href="${basePath}?event=${encodeURIComponent(e.eventId)}">${e.eventId}</a>`)}
${row("links", linkList(e.links, t))}
${row("headers", html`${Object.entries(e.headers).map(([k, v]) => html`<div><code>${k}: ${v}</code></div>`)}`)}
</table>
<h2>${t("misc.outbox.email.asSeen")}</h2>
<iframe sandbox srcdoc="${inlineImages(e)}" title="${t("misc.outbox.email.frameTitle")}" width="100%" height="520"></iframe>
<h2>${t("misc.outbox.email.text")}</h2>
<pre>${e.text}</pre>
${e.attachments.map(
  (
    a,
  ) => html`<h2>${t("misc.outbox.email.attachment", { name: a.filename })} <span class="note">${a.contentType}</span></h2>
${a.encoding === "base64" && a.contentType.startsWith("image/") ? html`<img src="data:${a.contentType};base64,${a.content}" alt="${a.filename}">` : html`<pre>${a.content}</pre>`}`,
)}
<details><summary>${t("misc.outbox.email.htmlSource")}</summary><pre>${e.html}</pre></details>`,
    stackedTables(language),
    { lang: language },
  );
}

/** The email's HTML with its inline images (`cid:`) as data URLs, so the outbox shows them as a client would. */
function inlineImages(e: Pick<StoredEmail, "html" | "attachments">): string {
  let out = e.html;
  for (const a of e.attachments)
    if (a.cid && a.encoding === "base64")
      out = out.replaceAll(`cid:${a.cid}`, `data:${a.contentType};base64,${a.content}`);
  return out;
}
