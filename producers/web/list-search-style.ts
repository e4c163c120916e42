import { createHash } from "node:crypto";
import { html, raw } from "hono/html";

/**
 * The guest list's search box (guest-list-pages.ts): on a phone the field is full width with the button under
 * it (full width too, like every form button there); from 640 px the field takes a sensible width and the
 * button sits beside it, on one line, rather than a field as wide as the guest table; space under it, before
 * the list. Allowed by hash in the
 * CSP (security-headers.ts).
 */
export const listSearchStyle = `
form.list-search { margin: 0 0 24px; }
@media (min-width: 40rem) {
  .list-search-row { display: flex; align-items: stretch; gap: 8px; }
  .list-search-row input { flex: 0 1 28rem; width: auto; min-width: 0; }
  .list-search-row button[type="submit"] { flex: none; width: auto; margin: 0; }
}
`;

export const listSearchStyleHash = `'sha256-${createHash("sha256").update(listSearchStyle).digest("base64")}'`;

/** The style, for the guest list's head. */
export const listSearchHead = html`<style>${raw(listSearchStyle)}</style>`;
