import { html, raw } from "hono/html";
import type { EventRecord } from "../../contracts/event.ts";
import { locationShownTo } from "../../core/approval-rules.ts";
import { qrSvg } from "../../mail/check-in-qr.ts";
import { formatWhen, wordsFor } from "./event-view.ts";
import { type Html, layout } from "./pages.ts";

/**
 * The host's poster of the event: its name, when and (where the public may see it) where, and a big QR code
 * of the register link with the link written under it, in the event's language and colour. The note and the
 * way back are not printed (`no-print`), so the page prints as the poster alone. Black on white whatever the
 * scheme, so the code scans from a screen too.
 */
export function posterPage(p: { event: EventRecord; registerUrl: string; hostBase: string }): Html {
  const { event, registerUrl } = p;
  const { lang, t } = wordsFor(event);
  const { place, address } = event.details.location;
  const where = locationShownTo(event, null) ? [place, address].filter(Boolean).join(", ") : "";
  return layout(
    t("poster.title", { event: event.name }),
    html`<div class="no-print">
<p class="note">${t("poster.howTo")}</p>
<p><a class="button secondary" href="${p.hostBase}">${t("poster.back")}</a></p>
</div>
<article class="poster">
<h1>${event.name}</h1>
<p class="poster-when">${formatWhen(event)}</p>
${where ? html`<p class="poster-where">${where}</p>` : null}
<figure>${raw(qrSvg(registerUrl, t("poster.qrLabel", { event: event.name }), 320))}
<figcaption>${t("poster.scan")}</figcaption></figure>
<p class="poster-url">${registerUrl}</p>
</article>`,
    null,
    { lang, accent: event.details.accent },
  );
}
