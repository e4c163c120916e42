import { html, raw } from "hono/html";
import type { AuditEntry } from "../../contracts/audit.ts";
import type { Counters } from "../../contracts/event.ts";
import type { Translate } from "../../i18n/index.ts";
import {
  backLink,
  type HostFrame,
  hostLayout,
  hostText,
  k,
  localTime,
  stackedTables,
  tableLabels,
} from "./host-frame.ts";
import type { Html } from "./pages.ts";

/** How many audit entries the page shows; `rsvp audit EVENT` prints them all. */
const auditPageLimit = 500;

export interface AuditPageProps extends HostFrame {
  timeZone: string;
  /** Oldest first, as the trail is kept. */
  entries: readonly AuditEntry[];
}

/** The audit trail, newest first: who, when, which lane, what changed from → to, counters before → after. */
export function auditPage(p: AuditPageProps): Html {
  const t = hostText(p.language);
  const shown = p.entries.slice(-auditPageLimit).reverse();
  const rows = shown.map(
    (e) =>
      html`<tr><td>${localTime(e.at, p.timeZone, p.language, true)}</td><td>${e.actor}</td><td>${e.lane}</td><td>${e.action}</td><td>${e.from ?? "–"} → ${e.to}</td><td>${counters(e.countersBefore, t)} → ${counters(e.countersAfter, t)}</td></tr>`,
  );
  const more =
    p.entries.length > shown.length
      ? html`<p class="note">${raw(t(k("auditMore"), { shown: shown.length, total: p.entries.length }))}</p>`
      : null;
  return hostLayout(
    p,
    `${t(k("auditTitle"))} · ${p.eventName}`,
    html`${backLink(p)}
<h1>${t(k("auditTitle"))}</h1>
<p class="note">${t(k("auditIntro"))}</p>
${more}
${
  shown.length > 0
    ? html`<table class="wide audit">
<thead><tr><th>${t(k("colWhen"), { zone: p.timeZone })}</th><th>${t(k("colWho"))}</th><th>${t(k("colLane"))}</th><th>${t(k("colAction"))}</th><th>${t(k("colFromTo"))}</th><th>${t(k("colCounters"))}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`
    : html`<p>${t(k("nothingRecorded"))}</p>`
}`,
    html`${stackedTables}${tableLabels(p.language)}`,
  );
}
/** "12/40 +1 held, 3 waiting": confirmed of capacity, held offers, waitlisted. */
function counters(c: Counters | null, t: Translate): string {
  if (!c) return "–";
  const held = c.offered > 0 ? t(k("held"), { count: c.offered }) : "";
  return t(k("counters"), { confirmed: c.confirmed, capacity: c.capacity, held, waitlisted: c.waitlisted });
}
