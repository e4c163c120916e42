import { html } from "hono/html";
import type { ImportResult } from "../import/guest-import.ts";
import { backLink, type HostFrame, hostLayout, hostText, k } from "./host-frame.ts";
import type { Html } from "./pages.ts";

/** The guest list import form: a CSV file or pasted text. */
export function importPage(p: HostFrame): Html {
  const t = hostText(p.language);
  return hostLayout(
    p,
    t(k("importTitle"), { name: p.eventName }),
    html`${backLink(p)}
<h1>${t(k("importHeading"))}</h1>
<p>${t(k("importIntro"))}</p>
<form method="post" action="${p.base}/import" enctype="multipart/form-data" accept-charset="utf-8">
<label>${t(k("csvFile"))} <input type="file" name="file" accept=".csv,.txt,text/csv,text/plain"></label>
<label>${t(k("orPaste"))} <textarea name="text" rows="8" placeholder="name,email&#10;Ana Guest,ana@example.org"></textarea></label>
<label><input type="checkbox" name="preConfirmed" value="yes">${t(k("preConfirmed"))}</label>
<button type="submit">${t(k("import"))}</button>
</form>
<p class="note">${t(k("importNote"))}</p>`,
  );
}

export interface ImportResultPageProps extends HostFrame {
  result: ImportResult;
  preConfirmed: boolean;
}

/** What an import did: how many guests it queued, and every skipped row by line number. */
export function importResultPage(p: ImportResultPageProps): Html {
  const t = hostText(p.language);
  const { errors, duplicates, queued, alreadyImported } = p.result;
  const problems =
    errors.length > 0
      ? html`<h2>${t(k("skippedRows"), { count: errors.length })}</h2>
<table><thead><tr><th>${t(k("colLine"))}</th><th>${t(k("colProblem"))}</th></tr></thead><tbody>
${errors.map((e) => html`<tr><td>${e.line}</td><td>${e.message}</td></tr>`)}
</tbody></table>`
      : null;
  const repeats =
    duplicates.length > 0
      ? html`<h2>${t(k("skippedRepeats"), { count: duplicates.length })}</h2>
<table><thead><tr><th>${t(k("colLine"))}</th><th>${t(k("colAddress"))}</th><th>${t(k("colSameAs"))}</th></tr></thead><tbody>
${duplicates.map((d) => html`<tr><td>${d.line}</td><td>${d.email}</td><td>${d.firstLine}</td></tr>`)}
</tbody></table>`
      : null;
  const what = t(k(p.preConfirmed ? "whatPreConfirmed" : "whatInvited"));
  const earlier = alreadyImported > 0 ? html`<p>${t(k("earlier"), { count: alreadyImported })}</p>` : null;
  return hostLayout(
    p,
    t(k("importResultTitle"), { name: p.eventName }),
    html`${backLink(p)}
<h1>${queued === 0 ? t(k("nobodyImported")) : t(k("imported"), { count: queued })}</h1>
${queued > 0 ? html`<p>${t(k("importedNote"), { what })} <a href="${p.base}/guests">${t(k("guestListLower"))}</a>.</p>` : null}
${earlier}
${problems}
${repeats}
<p><a href="${p.base}/import">${t(k("importAnother"))}</a></p>`,
  );
}
