import { createHash } from "node:crypto";

/**
 * The only style and script our pages carry, inline so a page is one request. They are constants, so the
 * Content-Security-Policy can allow exactly them by hash and nothing else: no user text ever reaches them
 * (the host script reads its URL and ETag from data attributes that the page template escapes).
 */
export const pageStyle = `
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1d1d1f; background: #fafafa; }
main { max-width: 36rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; line-height: 1.25; }
label { display: block; margin: 0.75rem 0; }
input, textarea { display: block; width: 100%; box-sizing: border-box; padding: 0.5rem; font: inherit; }
input[type="checkbox"] { display: inline; width: auto; margin-right: 0.5rem; }
button { padding: 0.5rem 1.25rem; font: inherit; cursor: pointer; }
table { border-collapse: collapse; }
th, td { padding: 0.3rem 1rem 0.3rem 0; text-align: left; vertical-align: top; }
td { font-variant-numeric: tabular-nums; }
main:has(table.wide) { max-width: 72rem; }
table.wide td button { padding: 0.2rem 0.6rem; font-size: 0.9rem; }
form.inline { display: inline; margin: 0; }
.note { color: #555; font-size: 0.9rem; }
.problem { border-left: 4px solid #b00020; padding-left: 0.75rem; }
.notice { border-left: 4px solid #1b6e3a; padding-left: 0.75rem; }
`;

/** Keeps the host page's numbers live: polls the headcount JSON every 2 s, cheaply thanks to If-None-Match. */
export const hostPageScript = `
(() => {
  const table = document.getElementById("headcount");
  if (!table) return;
  const source = table.dataset.source;
  let etag = table.dataset.etag || "";
  const fields = ["capacity", "confirmed", "offered", "waitlisted", "open"];
  const show = (field, text) => {
    const cell = table.querySelector('[data-field="' + field + '"]');
    if (cell) cell.textContent = text;
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
        const headcount = await res.json();
        for (const field of fields) show(field, String(headcount[field]));
        show("registration", headcount.registrationOpen ? "open" : "closed");
      }
    } catch {
      // Offline for a moment: try again on the next tick.
    }
    setTimeout(poll, 2000);
  };
  setTimeout(poll, 2000);
})();
`;

/** The CSP source expression allowing one inline element's exact text. */
const cspHash = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

export const pageStyleHash = cspHash(pageStyle);
export const hostPageScriptHash = cspHash(hostPageScript);
