import { html } from "hono/html";
import type { DoorLink } from "../../contracts/door.ts";
import type { EventRecord } from "../../contracts/event.ts";
import type { ErrorBody } from "../../contracts/http.ts";
import type { Language } from "../../contracts/language.ts";
import { formatDateTime, translator } from "../../i18n/index.ts";
import { type Html, layout } from "./pages.ts";

/**
 * The door links on the host's door page (label, when minted, working or revoked, a Revoke button each), and
 * the page a revoked door link answers with (410). See docs/door.md.
 */
export function doorLinksView(p: {
  event: EventRecord;
  base: string;
  formId: string;
  /** The link this response minted: listed even before the keeper has recorded it. */
  justMade: { linkId: string; label: string } | null;
  /** The link the host just revoked (`?revoked=ID`), said at the top until the keeper has recorded it. */
  revokedNow: string | null;
}): Html | null {
  const { event } = p;
  const t = translator(event.details.language);
  const links: DoorLink[] = [...(event.doorLinks ?? [])];
  if (p.justMade && !links.some((l) => l.id === p.justMade?.linkId))
    links.push({
      id: p.justMade.linkId,
      label: p.justMade.label,
      mintedAt: new Date().toISOString(),
      revokedAt: null,
    });
  if (links.length === 0) return null;
  const when = (iso: string) => formatDateTime(event.details.language, new Date(iso), event.timeZone);
  const revokedNow = p.revokedNow ? links.find((l) => l.id === p.revokedNow) : undefined;
  const row = (l: DoorLink) => {
    const name = l.label || t("door.links.unnamed");
    const revoked = l.revokedAt !== null || l.id === revokedNow?.id;
    return html`<div class="card"><p><strong>${name}</strong><br><span class="note">${t("door.links.minted", { time: when(l.mintedAt) })}</span></p>${
      revoked
        ? html`<p class="note">${l.revokedAt ? t("door.links.revokedAt", { time: when(l.revokedAt) }) : t("door.links.revoking")}</p>`
        : html`<form method="post" action="${p.base}/door/revoke" accept-charset="utf-8">
<input type="hidden" name="formId" value="${p.formId}">
<input type="hidden" name="linkId" value="${l.id}">
<button type="submit" class="secondary" aria-label="${t("door.links.revokeNamed", { name })}">${t("door.links.revoke")}</button>
</form>`
    }</div>`;
  };
  return html`<section aria-labelledby="door-links-heading">
<h2 id="door-links-heading">${t("door.links.heading")}</h2>
${revokedNow ? html`<p role="status" class="card">${t("door.links.revokedNotice", { name: revokedNow.label || t("door.links.unnamed") })}</p>` : null}
<p class="note">${t("door.links.intro")}</p>
${[...links].reverse().map(row)}
</section>`;
}

/** What a revoked door link answers a program (the door page's sync): a code to act on, and the words. */
export function revokedDoorAnswer(event: EventRecord, language: Language): ErrorBody {
  const t = translator(language);
  return { error: t("door.links.revokedPage", { event: event.name }), code: "door-link-revoked" };
}

/** What a revoked door link opens: a page saying so, and whom to ask, in the language of whoever opened it. */
export function revokedDoorPage(event: EventRecord, language: Language): Html {
  const t = translator(language);
  return layout(
    t("door.links.revokedTitle"),
    html`<h1>${t("door.links.revokedTitle")}</h1>
<p>${t("door.links.revokedPage", { event: event.name })}</p>`,
    html`<meta name="robots" content="noindex">`,
    { lang: language },
  );
}
