import { html, raw } from "hono/html";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import type { Keyring } from "../../contracts/link.ts";
import { shortCheckInCode, signCheckInCode } from "../../core/check-in-code.ts";
import type { Translate } from "../../i18n/index.ts";
import { qrSvg } from "../../mail/check-in-qr.ts";
import type { Html } from "./pages.ts";

/** A confirmed guest's check-in code on their manage page: the QR as inline SVG and the short code. */
export interface CheckInView {
  /** The QR, an `<svg>` drawn by mail/check-in-qr.ts from the signed code (no text of anyone's in it). */
  svg: string;
  short: string;
}

/** The check-in code a guest's manage page shows, while (and only while) they hold a confirmed seat. */
export function checkInViewOf(
  event: EventRecord,
  guest: GuestRecord,
  keyring: Keyring | undefined,
  label: (short: string) => string,
): CheckInView | null {
  if (!keyring || guest.status !== "confirmed") return null;
  const claims = { eventId: event.eventId, guestId: guest.guestId };
  const short = shortCheckInCode(claims, keyring);
  return { svg: qrSvg(signCheckInCode(claims, keyring), label(short), 200), short };
}

/** The manage page's check-in section: the QR, the short code as text, and what to do with it. */
export function checkInSection(view: CheckInView, t: Translate): Html {
  return html`<section class="card" aria-labelledby="checkin-heading">
<h2 id="checkin-heading">${t("door.code.heading")}</h2>
<p>${raw(view.svg)}</p>
<p>${t("door.code.label")} <strong><code>${view.short}</code></strong></p>
<p class="note">${t("door.code.show")}</p>
</section>`;
}
