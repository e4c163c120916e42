import { createHash } from "node:crypto";
import { accents, palette } from "../../contracts/accent.ts";
import { type Language, languages } from "../../contracts/language.ts";
import { translator } from "../../i18n/index.ts";

/** Each accent's swatch in the event form, in the scheme the admin page is shown in. */
const swatchRules = [
  ...accents.map((a) => `.swatch.${a} { background: ${palette[a].light.accent}; }`),
  "@media (prefers-color-scheme: dark) {",
  ...accents.map((a) => `  .swatch.${a} { background: ${palette[a].dark.accent}; }`),
  "}",
].join("\n");

/**
 * The admin area's own few rules, and the rule that turns the host's wide tables into stacked cards on a
 * phone. Kept apart from the shared stylesheet (inline-assets.ts), on top of which they sit: they use
 * semantic elements and a handful of classes, so a new shared look carries over. A constant, so the
 * Content-Security-Policy allows it by hash (security-headers.ts).
 */
export const adminStyle = `
nav.admin { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; margin: 1rem 0; }
nav.admin form { margin: 0 0 0 auto; }
nav.admin .button { margin: 0; }
nav.admin form > button.quiet[type="submit"] { width: auto; margin: 0; padding: 0 0.25rem; background: none; border: none; color: var(--accent); font-weight: 400; text-decoration: underline; }
ul.events { list-style: none; padding: 0; display: grid; gap: 1rem; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); }
ul.events > li { border: 1px solid var(--line); border-radius: 8px; padding: 1rem; background: var(--surface); }
ul.events h3 { margin: 0 0 0.25rem; font-size: 1.1rem; overflow-wrap: anywhere; }
ul.events p { margin: 0.25rem 0; }
.badge { display: inline-block; padding: 0 0.5rem; border-radius: 999px; font-size: 0.875rem; border: 1px solid currentColor; }
.badge.open { color: var(--ok); }
.badge.closed { color: var(--bad); }
main:has(form.event) { max-width: 44rem; }
main:has(ul.events) { max-width: 60rem; }
form.event fieldset { border: 1px solid var(--line); border-radius: 8px; margin: 1.5rem 0; padding: 0.5rem 1rem 1rem; }
form.event legend { font-weight: 600; padding: 0 0.25rem; }
form.event .hint { display: block; color: var(--muted); font-size: 0.9rem; }
form.event .error { display: block; color: var(--bad); font-weight: 600; }
form.event [aria-invalid="true"] { border: 2px solid var(--bad); }
form.event .pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: 0 1rem; align-items: end; }
form.event select { display: block; font: inherit; padding: 0.5rem; max-width: 100%; }
form.event input, form.event textarea, form.event select { min-height: 44px; }
form.event input[type="checkbox"] { min-height: 0; }
@media (max-width: 40rem) {
  form.event button[type="submit"], form.admin-action button[type="submit"] { width: 100%; }
}
button, .button { min-height: 44px; }
form.event fieldset.accents { border: 0; margin: 1rem 0 0; padding: 0; }
form.event fieldset.accents legend { padding: 0; }
.swatches { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; margin-top: 0.5rem; }
.swatches label { display: inline-flex; align-items: center; gap: 0.5rem; min-height: 44px; margin: 0; font-weight: 400; }
.swatch { display: inline-block; width: 1.5rem; height: 1.5rem; border-radius: 50%; border: 1px solid var(--line); }
${swatchRules}
.secret { overflow-wrap: anywhere; font-family: ui-monospace, monospace; background: var(--accent-soft); padding: 0.5rem; border-radius: 4px; }
`;

/**
 * The host's wide tables (guest list, audit trail, outbox) as stacked cards on a phone: each row a card, each
 * cell labelled by its column (the guest list's and audit trail's labels in the page's language:
 * `tableLabelsStyle`), long addresses and links wrapped, so nothing scrolls sideways
 * from 320 px up.
 */
export const stackedTablesStyle = `
.problem a, .problem li { overflow-wrap: anywhere; }
main a { overflow-wrap: anywhere; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; }
iframe { max-width: 100%; }
@media (max-width: 40rem) {
  main { margin: 1rem auto; }
  table.wide, table.wide tbody, table.wide tr, table.wide td, table.wide th[scope="row"] { display: block; }
  table.wide thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.wide tr { border: 1px solid var(--line); border-radius: 8px; padding: 0.5rem 0.75rem; margin: 0 0 0.75rem; }
  table.wide td, table.wide th[scope="row"] { padding: 0.15rem 0; overflow-wrap: anywhere; }
  table.wide td:empty { display: none; }
}
`;

/**
 * The host tables' cards' labels, from the catalog (the columns' headings, without the zone they name); a key
 * with a dot is a whole catalog key (the outbox's columns).
 */
const labelled: Record<"guests" | "audit" | "outbox", readonly string[]> = {
  guests: ["colName", "colEmail", "colStatus", "colPlace", "signedUp.column", "updated", "colParty"],
  audit: ["when", "colWho", "colLane", "colAction", "colFromTo", "colCounters"],
  outbox: ["queued", "state", "to", "subject", "links"].map((column) => `misc.outbox.columns.${column}`),
};

/**
 * The stacked cards' labels for the guest list, the audit trail and the outbox in one language ("Name: ", "E-Mail: "): a
 * rule per column, so the table's own markup stays as it is. One constant per language, allowed by its hash.
 */
export function tableLabelsStyle(language: Language): string {
  const cached = labelStyles.get(language);
  if (cached) return cached;
  const t = translator(language);
  const rules = Object.entries(labelled).flatMap(([table, keys]) =>
    keys.map((key, i) => {
      const text = key.includes(".")
        ? t(key)
        : key.startsWith("col")
          ? t(`pages.host.${key}`)
          : t(`hostExtras.cards.${key}`);
      const label = t("hostExtras.cards.label", { label: text });
      return `  table.${table} td:nth-of-type(${i + 1})::before { content: ${JSON.stringify(label)}; font-weight: 600; }`;
    }),
  );
  const style = `@media (max-width: 40rem) {\n${rules.join("\n")}\n}\n`;
  labelStyles.set(language, style);
  return style;
}
const labelStyles = new Map<Language, string>();

const cspHash = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

export const stackedTablesStyleHash = cspHash(stackedTablesStyle);
export const adminStyleHash = cspHash(adminStyle);
export const tableLabelsStyleHashes = languages.map((l) => cspHash(tableLabelsStyle(l)));
