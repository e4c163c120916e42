import { createHash } from "node:crypto";
import { type AccentColours, accents, defaultAccent, palette } from "../../contracts/accent.ts";

/**
 * The palette's colours for a page whose `<html>` names its event's accent (`data-accent`, pages.ts): each
 * accent but the default, light, then dark. Part of the one page style, so its hash covers them all.
 */
const accentRules = (() => {
  const vars = (c: AccentColours) =>
    `--accent: ${c.accent}; --accent-text: ${c.text}; --accent-soft: ${c.soft};`;
  const named = accents.filter((a) => a !== defaultAccent);
  const light = named.map((a) => `html[data-accent="${a}"] { ${vars(palette[a].light)} }`);
  const dark = named.map((a) => `  html[data-accent="${a}"] { ${vars(palette[a].dark)} }`);
  return `${light.join("\n")}\n@media (prefers-color-scheme: dark) {\n${dark.join("\n")}\n}`;
})();

/**
 * The only style and script our pages carry, inline so a page is one request. They are constants, so the
 * Content-Security-Policy can allow exactly them by hash and nothing else: no user text ever reaches them
 * (the host script reads its URL and ETag from data attributes that the page template escapes).
 */
export const pageStyle = `
:root {
  color-scheme: light dark;
  --bg: #f6f6f4; --surface: #ffffff; --text: #1c1c1e; --muted: #5b5b61; --line: #d6d6d9;
  --accent: #3b42c4; --accent-text: #ffffff; --accent-soft: #eceefe;
  --ok: #17663a; --ok-soft: #e3f4e9; --wait: #8a4b00; --wait-soft: #fcefd9;
  --bad: #b3261e; --bad-soft: #fbe7e6; --focus: #f5b400;
  --r: 12px;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #141416; --surface: #1e1e21; --text: #ececef; --muted: #a9a9b2; --line: #3a3a40;
    --accent: #a9b0ff; --accent-text: #14143a; --accent-soft: #272a4d;
    --ok: #7fd9a0; --ok-soft: #15321f; --wait: #ffc46b; --wait-soft: #3a2a10;
    --bad: #ff9a92; --bad-soft: #3e1a18; --focus: #ffd54a;
  }
}
${accentRules}
.poster { text-align: center; }
.poster h1 { font-size: 2.25rem; margin-top: 16px; }
.poster-when, .poster-where { font-size: 1.25rem; margin: 0 0 8px; }
.poster figure { margin: 24px 0 8px; }
.poster svg { width: min(80vw, 360px); height: auto; display: block; margin: 0 auto; }
.poster figcaption { font-size: 1.5rem; font-weight: 700; margin-top: 8px; }
.poster-url { font-family: ui-monospace, monospace; overflow-wrap: anywhere; }
@media print {
  .no-print { display: none; }
  body { border-top: 0; background: #fff; color: #000; }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; border-top: 6px solid var(--accent); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--text); background: var(--bg); overflow-wrap: anywhere; }
main { max-width: 40rem; margin: 0 auto; padding: 24px 16px 48px; }
main:has(table.wide, table.stack) { max-width: 72rem; }
h1, h2, h3 { line-height: 1.25; margin: 0 0 12px; }
h1 { font-size: 1.75rem; }
h2 { font-size: 1.25rem; margin-top: 32px; }
p, ul, ol, dl { margin: 0 0 16px; }
a { color: var(--accent); text-underline-offset: 0.15em; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 4px; }
.note { color: var(--muted); font-size: 0.9375rem; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.card { background: var(--surface); border: 1px solid var(--line); border-radius: var(--r); padding: 24px 16px; margin: 0 0 24px; }
.event-header .facts { list-style: none; padding: 0; margin: 16px 0; }
.event-header .facts li { padding: 4px 0 4px 32px; position: relative; }
.event-header .facts .icon { position: absolute; left: 0; top: 6px; color: var(--accent); }
.card > :first-child, .card > header > :first-child { margin-top: 0; }
.actions { margin-bottom: 24px; }
.event-page { display: block; }
@media (min-width: 60rem) {
  main:has(.event-page) { max-width: 64rem; }
  .event-page { display: grid; grid-template-columns: minmax(0, 1fr) 24rem; grid-template-rows: auto 1fr; gap: 0 48px; align-items: start; }
  .event-page > .event-header { grid-column: 1; }
  .event-page > .card { grid-column: 2; grid-row: 1 / span 2; position: sticky; top: 24px; }
  .event-page > .card form > button[type="submit"] { width: 100%; }
  .event-page > .event-description { grid-column: 1; }
  .event-page h1 { font-size: 2.25rem; }
}
.description p { max-width: 65ch; }
label, .label { display: block; font-weight: 600; margin: 16px 0 4px; }
input, textarea, select { display: block; width: 100%; min-height: 44px; padding: 8px 12px; font: inherit; font-size: 16px; color: var(--text); background: var(--surface); border: 2px solid var(--muted); border-radius: 8px; }
label > input, label > textarea, label > select { margin-top: 4px; font-weight: 400; }
input[type="checkbox"], input[type="radio"] { display: inline-block; width: 24px; min-height: 24px; height: 24px; margin: 0 8px 0 0; vertical-align: middle; accent-color: var(--accent); }
input[aria-invalid="true"] { border-color: var(--bad); }
.field-error { display: block; color: var(--bad); font-weight: 600; margin: 4px 0; }
.field-error::first-letter, .error-summary li::first-letter { text-transform: uppercase; }
fieldset.question { border: 0; padding: 0; margin: 16px 0 0; min-width: 0; }
fieldset.question > legend { font-weight: 600; padding: 0; margin: 0 0 4px; }
label.choice { display: flex; align-items: center; min-height: 44px; margin: 0; font-weight: 400; }
label.choice > input { flex: none; margin: 0 12px 0 0; }
.required-mark, .optional-mark { font-weight: 400; color: var(--muted); }
dl.answers dt { font-weight: 600; margin-top: 8px; }
dl.answers dd { margin: 0; overflow-wrap: anywhere; white-space: pre-line; }
div.question { margin: 16px 0 0; }
td dl.answers { margin: 0; font-size: 0.875rem; min-width: 12rem; }
td dl.answers dt { display: inline; margin: 0; }
td dl.answers dt::after { content: ": "; }
td dl.answers dd { display: inline; }
td dl.answers dd::after { content: "\\A"; white-space: pre; }
button, .button { display: inline-flex; align-items: center; justify-content: center; min-height: 44px; padding: 10px 20px; margin: 8px 8px 8px 0; font: inherit; font-weight: 600; border-radius: 8px; border: 2px solid var(--accent); background: var(--accent); color: var(--accent-text); cursor: pointer; text-decoration: none; text-align: center; }
button:hover, .button:hover { filter: brightness(1.08); }
.button.secondary, button.secondary { background: transparent; color: var(--accent); }
form > button[type="submit"]:last-child { margin-top: 24px; }
table { border-collapse: collapse; width: 100%; margin: 0 0 16px; }
th, td { padding: 8px 12px 8px 0; text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); overflow-wrap: break-word; }
td { font-variant-numeric: tabular-nums; }
table.wide td button { min-height: 36px; padding: 4px 12px; margin: 0; font-size: 0.9375rem; }
form.inline { display: inline; margin: 0; }
.badge { display: inline-block; padding: 4px 12px; border-radius: 16px; font-weight: 700; font-size: 0.9375rem; background: var(--accent-soft); color: var(--text); margin: 0 0 12px; }
.badge.ok { background: var(--ok-soft); color: var(--ok); }
.badge.wait { background: var(--wait-soft); color: var(--wait); }
.badge.off { background: var(--bad-soft); color: var(--bad); }
.problem, .error-summary { border: 2px solid var(--bad); border-left-width: 6px; border-radius: 8px; padding: 12px 16px; margin: 0 0 24px; background: var(--surface); }
.error-summary h2 { margin-top: 0; }
.error-summary a { color: var(--bad); font-weight: 600; }
.notice { border-left: 6px solid var(--ok); border-radius: 8px; padding: 12px 16px; margin: 0 0 24px; background: var(--surface); }
.actions { display: flex; flex-wrap: wrap; gap: 8px; }
.actions > *, .actions form button { margin: 0; }
.actions.choice { margin-top: 24px; }
.actions.choice form > button[type="submit"]:last-child { margin-top: 0; }
.seats { font-weight: 600; }
code { font-size: 0.9375rem; }
.event-line { border-left: 4px solid var(--accent); padding: 4px 0 4px 12px; margin: 0 0 24px; }
.event-line p { margin: 0; }
.event-line-name { font-weight: 600; }
table.tiles { display: block; margin: 16px 0 24px; }
table.tiles tbody { display: grid; grid-template-columns: repeat(auto-fill, minmax(8rem, 1fr)); gap: 8px; }
table.tiles tr { display: flex; flex-direction: column-reverse; justify-content: flex-end; gap: 4px; background: var(--surface); border: 1px solid var(--line); border-radius: var(--r); padding: 12px 16px; }
table.tiles tr[hidden] { display: none; }
table.tiles th, table.tiles td { border: 0; padding: 0; }
table.tiles th { font-weight: 400; font-size: 0.9375rem; color: var(--muted); }
table.tiles td { font-size: 1.375rem; font-weight: 700; line-height: 1.25; overflow-wrap: normal; }
table.tiles.parties td { font-size: 1.125rem; }
table.tiles td[data-field="registration"]::first-letter { text-transform: uppercase; }
@media (min-width: 60rem) { main:has(table.tiles) { max-width: 56rem; } }
main:has(table.tiles) input[type="number"] { max-width: 12rem; }
.share { background: var(--surface); border: 1px solid var(--line); border-radius: var(--r); padding: 12px 16px; }
.share a { display: block; font-weight: 600; }
ul.tools { list-style: none; padding: 0; margin: 0 0 16px; display: grid; gap: 8px; }
@media (min-width: 40rem) { ul.tools { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
ul.tools li { position: relative; display: flex; flex-direction: column; justify-content: center; min-height: 64px; padding: 12px 40px 12px 16px; background: var(--surface); border: 1px solid var(--line); border-radius: var(--r); }
ul.tools li::after { content: "›"; position: absolute; right: 16px; top: 50%; transform: translateY(-50%); font-size: 1.5rem; color: var(--muted); }
ul.tools li:hover { border-color: var(--accent); }
ul.tools a { font-weight: 600; text-decoration: none; }
ul.tools a::after { content: ""; position: absolute; inset: 0; border-radius: var(--r); }
ul.tools a:focus-visible { outline: none; }
ul.tools a:focus-visible::after { outline: 3px solid var(--focus); outline-offset: 2px; }
ul.tools .hint { color: var(--muted); font-size: 0.9375rem; }
pre { overflow-x: auto; background: var(--surface); border: 1px solid var(--line); border-radius: 8px; padding: 12px; }
@media (max-width: 40rem) {
  main { padding: 16px 12px 32px; }
  h1 { font-size: 1.5rem; }
  form button[type="submit"], .actions > * { width: 100%; }
  form.inline button[type="submit"] { width: auto; }
  table.wide { display: block; overflow-x: auto; }
  table.wide th, table.wide td { overflow-wrap: normal; }
  table.wide td button { white-space: nowrap; }
  table.stack, table.stack tbody, table.stack tr, table.stack td, table.stack th { display: block; width: 100%; }
  table.stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.stack tr { background: var(--surface); border: 1px solid var(--line); border-radius: var(--r); padding: 8px 12px; margin: 0 0 12px; }
  table.stack td { border: 0; padding: 4px 0; }
  table.stack td[data-label]::before { content: attr(data-label); display: block; font-size: 0.8125rem; color: var(--muted); font-weight: 600; }
}
`;

/**
 * Keeps the host page's numbers live: through the headcount's server-sent events where the page offers them
 * (`data-live`), else (and when the stream fails) by polling the headcount JSON every 2 s, cheaply thanks to
 * If-None-Match.
 */
export const hostPageScript = `
(() => {
  const table = document.getElementById("headcount");
  if (!table) return;
  const source = table.dataset.source;
  let etag = table.dataset.etag || "";
  const fields = ["capacity", "confirmed", "offered", "waitlisted", "open", "arrived"];
  // Where the page names parties, the numbers are said in its words and plural rules ("12 seats · 9 parties").
  const words = table.dataset;
  const plural = new Intl.PluralRules(document.documentElement.lang || "en");
  const counted = (kind, n) =>
    (words[kind + (plural.select(n) === "one" ? "One" : "Other")] || "{{count}}").replace("{{count}}", String(n));
  const said = (field, headcount) => {
    const seats = headcount[field];
    if (words.seatsOne === undefined) return String(seats);
    if (!headcount.parties || !(field in headcount.parties)) return counted("seats", seats);
    return words.join
      .replace("{{seats}}", counted("seats", seats))
      .replace("{{parties}}", counted("parties", headcount.parties[field]));
  };
  const show = (field, text) => {
    const cell = table.querySelector('[data-field="' + field + '"]');
    if (cell) cell.textContent = text;
  };
  // "8 of 12 reconfirmed": the row comes with the ask (before the registration row) and goes if nobody asked
  // is confirmed any more.
  const reconfirmed = (counts) => {
    let cell = table.querySelector('[data-field="reconfirmed"]');
    if (!counts) {
      if (cell) cell.parentElement.remove();
      return;
    }
    if (!cell) {
      if (!words.reconfirmedLabel) return;
      const row = document.createElement("tr");
      const label = document.createElement("th");
      label.scope = "row";
      label.textContent = words.reconfirmedLabel;
      cell = document.createElement("td");
      cell.dataset.field = "reconfirmed";
      row.append(label, cell);
      const before = table.querySelector('[data-field="registration"]');
      if (before) before.parentElement.before(row);
      else (table.tBodies[0] || table).append(row);
    }
    cell.textContent = words.reconfirmedWords
      .replace("{{count}}", String(counts.count))
      .replace("{{total}}", String(counts.total));
  };
  const apply = (headcount) => {
    for (const field of fields) show(field, said(field, headcount));
    show("registration", headcount.registrationOpen ? words.openWord : words.closedWord);
    if (headcount.requested) show("requested", String(headcount.requested.parties));
    // The arrived row waits hidden until the first check-in.
    const arrived = table.querySelector('[data-field="arrived"]');
    if (arrived && headcount.arrived > 0) arrived.parentElement.hidden = false;
    if (headcount.reconfirmed !== undefined) reconfirmed(headcount.reconfirmed);
  };
  const poll = async () => {
    try {
      const res = await fetch(source, {
        headers: { accept: "application/json", "if-none-match": etag },
        cache: "no-store",
      });
      if (res.status === 404) return;
      if (res.status === 200) {
        etag = res.headers.get("etag") || etag;
        apply(await res.json());
      }
    } catch {
      // Offline for a moment: try again on the next tick.
    }
    setTimeout(poll, 2000);
  };
  // Where the server offers the headcount as events (the embedded runtime), it tells the page of each change
  // and nothing meanwhile; if the stream fails (refused, dropped, a proxy in the way) the page polls instead.
  if (table.dataset.live && window.EventSource) {
    const events = new EventSource(table.dataset.live);
    events.addEventListener("headcount", (e) => {
      etag = e.lastEventId || etag;
      apply(JSON.parse(e.data));
    });
    events.onerror = () => {
      events.close();
      setTimeout(poll, 2000);
    };
    return;
  }
  setTimeout(poll, 2000);
})();
`;

/**
 * Makes a page that waits for the keeper (a registration's status, a link's result) update itself within a
 * second: polls the page's own JSON and reloads once the answer differs from what the page shows. Without
 * script the page's <noscript> meta refresh does the same, more slowly.
 */
export const livePageScript = `
(() => {
  const live = document.getElementById("live");
  if (!live) return;
  const every = Number(live.dataset.every) || 1000;
  const poll = async () => {
    try {
      const res = await fetch(location.href, { headers: { accept: "application/json" }, cache: "no-store" });
      if (res.ok) {
        const status = await res.json();
        if (status.state !== live.dataset.state || String(Boolean(status.delayed)) !== (live.dataset.delayed || "false")) {
          location.reload();
          return;
        }
      }
    } catch {
      // Offline for a moment: try again on the next tick.
    }
    setTimeout(poll, every);
  };
  setTimeout(poll, every);
})();
`;

/** The CSP source expression allowing one inline element's exact text. */
const cspHash = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

export const pageStyleHash = cspHash(pageStyle);
export const hostPageScriptHash = cspHash(hostPageScript);
export const livePageScriptHash = cspHash(livePageScript);
