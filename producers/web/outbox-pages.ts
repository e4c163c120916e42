import { html, raw } from "hono/html";
import type { StoredEmail } from "../../core/ports.ts";
import { stackedTablesStyle } from "./admin-style.ts";
import { type Html, layout } from "./pages.ts";

/** On a phone the outbox's table is a stack of cards (see admin-style.ts). */
const stackedTables = html`<style>${raw(stackedTablesStyle)}</style>`;

/**
 * The outbox pages: every email rsvp queued, for the operator of an embedded install without a mail server
 * (and for checking what went out when there is one). Everything in an email was rendered from text typed by
 * strangers, so it is shown escaped; an email's own HTML is shown only inside a sandboxed frame (no scripts,
 * no forms, its own opaque origin), which inherits this page's Content-Security-Policy as well.
 */

/** The path segment naming one email: its key in base64url (keys contain "/"). */
export const emailRef = (key: string) => Buffer.from(key, "utf8").toString("base64url");
export const keyOfRef = (ref: string) => Buffer.from(ref, "base64url").toString("utf8");

const when = (iso: string) => iso.replace("T", " ").replace(/\.\d+Z$/, "Z");

function linkList(links: Record<string, string>): Html {
  const entries = Object.entries(links);
  if (entries.length === 0) return html`<span class="note">none</span>`;
  return html`${entries.map(([action, url], i) => html`${i > 0 ? ", " : ""}<a href="${url}">${action}</a>`)}`;
}

export interface OutboxPageProps {
  emails: readonly StoredEmail[];
  /** The outbox's own path, `/outbox/<token>`. */
  basePath: string;
  eventId: string | null;
  limit: number;
}

export function outboxPage({ emails, basePath, eventId, limit }: OutboxPageProps): Html {
  const rows = emails.map(
    (e) => html`<tr>
<td>${when(e.createdAt)}</td>
<td>${e.state}${e.attempts > 0 ? html` <span class="note">(${e.attempts})</span>` : null}</td>
<td>${e.to}</td>
<td><a href="${basePath}/${emailRef(e.key)}">${e.subject}</a></td>
<td>${linkList(e.links)}</td>
</tr>`,
  );
  const scope = eventId
    ? html` of event <code>${eventId}</code> (<a href="${basePath}">all events</a>)`
    : null;
  return layout(
    "Outbox",
    html`<h1>Outbox</h1>
<p>Emails rsvp queued${scope}, newest first${emails.length === limit ? html` (the latest ${limit})` : null}.
State <em>outbox</em> means no mail server is configured (set RSVP_SMTP_URL to send).</p>
${
  emails.length === 0
    ? html`<p>No emails yet.</p>`
    : html`<table class="wide outbox">
<thead><tr><th>Queued (UTC)</th><th>State</th><th>To</th><th>Subject</th><th>Links</th></tr></thead>
<tbody>${rows}</tbody>
</table>`
}
<p class="note">Keep this page's address private: it shows every guest's links.</p>`,
    stackedTables,
  );
}

export interface OutboxEmailPageProps {
  email: StoredEmail;
  basePath: string;
}

export function outboxEmailPage({ email: e, basePath }: OutboxEmailPageProps): Html {
  const row = (label: string, value: Html | string | number | null) =>
    html`<tr><th scope="row">${label}</th><td>${value ?? "-"}</td></tr>`;
  return layout(
    e.subject,
    html`<p class="note"><a href="${basePath}">Outbox</a></p>
<h1>${e.subject}</h1>
<table class="wide">
${e.fromName ? row("From name", e.fromName) : null}
${row("To", e.to)}
${row("Queued", when(e.createdAt))}
${row("State", e.state)}
${row("Attempts", e.attempts)}
${e.lastError ? row("Last error", e.lastError) : null}
${e.sentAt ? row("Sent", when(e.sentAt)) : null}
${row("Key", html`<code>${e.key}</code>`)}
${row("Event", html`<a href="${basePath}?event=${encodeURIComponent(e.eventId)}">${e.eventId}</a>`)}
${row("Links", linkList(e.links))}
${row("Headers", html`${Object.entries(e.headers).map(([k, v]) => html`<div><code>${k}: ${v}</code></div>`)}`)}
</table>
<h2>As the guest sees it</h2>
<iframe sandbox srcdoc="${e.html}" title="The email's HTML" width="100%" height="520"></iframe>
<h2>Text</h2>
<pre>${e.text}</pre>
${e.attachments.map(
  (a) => html`<h2>Attachment <code>${a.filename}</code> <span class="note">${a.contentType}</span></h2>
<pre>${a.content}</pre>`,
)}
<details><summary>HTML source</summary><pre>${e.html}</pre></details>`,
    stackedTables,
  );
}
