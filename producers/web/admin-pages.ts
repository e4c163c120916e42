import { html } from "hono/html";
import { type EventRecord, eventEnd, headcountOf } from "../../contracts/event.ts";
import type { Language } from "../../contracts/language.ts";
import { formatDateTime, translator } from "../../i18n/index.ts";
import type { EventFormField, EventFormValues } from "./admin-forms.ts";
import { a, language, nav, notice, page, speak, t } from "./admin-frame.ts";
import type { Html } from "./pages.ts";

/**
 * The admin area's pages: sign-in, the events as cards, the confirmation before guests are told of a move,
 * and the one-time host link (the event form's pages are in admin-event-form-pages.ts, the shared frame in
 * admin-frame.ts). Every value goes through hono's `html`, which escapes it; every form is a plain POST.
 */

export function signInPage(p: {
  failed: boolean;
  token: string;
  signedOut?: boolean;
  language?: Language;
}): Html {
  speak(p.language);
  return page(
    a("signInTitle"),
    html`<h1>${a("signInTitle")}</h1>
${p.failed ? html`<div class="problem" role="alert"><p>${a("signInFailed")}</p></div>` : null}
${notice(p.signedOut ? a("signedOut") : null)}
<p>${a("signInIntro")}</p>
<form method="post" action="/admin/sign-in" accept-charset="utf-8">
<label for="token">${a("tokenLabel")}</label>
<input id="token" name="token" type="password" required autocomplete="current-password" value="${p.token}">
<button type="submit">${a("signIn")}</button>
</form>`,
  );
}

const when = (e: EventRecord) =>
  formatDateTime(language, new Date(e.startsAt), e.timeZone, {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  });

function eventCard(e: EventRecord): Html {
  const h = headcountOf(e);
  const extra = [
    h.offered > 0 ? a("held", { count: h.offered }) : null,
    h.waitlisted > 0 ? a("waiting", { count: h.waitlisted }) : null,
  ].filter(Boolean);
  return html`<li>
<h3><a href="/admin/events/${e.eventId}">${e.name}</a></h3>
<p><time datetime="${e.startsAt}">${when(e)}</time></p>
<p>${a("headcount", { confirmed: h.confirmed, capacity: h.capacity })}${extra.length > 0 ? ` · ${extra.join(" · ")}` : ""}</p>
<p><span class="badge ${h.registrationOpen ? "open" : "closed"}">${h.registrationOpen ? a("open") : a("closed")}</span>
${e.details.location.place ? html` · ${e.details.location.place}` : null}</p>
</li>`;
}

/** Every event as a card: upcoming (soonest first), then past (latest first). */
export function eventListPage(p: { events: readonly EventRecord[]; now: Date; language?: Language }): Html {
  speak(p.language);
  const past = (e: EventRecord) => eventEnd(e).getTime() <= p.now.getTime();
  const upcoming = p.events.filter((e) => !past(e));
  const done = p.events.filter(past).reverse();
  const list = (events: readonly EventRecord[]) => html`<ul class="events">${events.map(eventCard)}</ul>`;
  return page(
    a("title"),
    html`${nav()}<h1>${a("title")}</h1>
${p.events.length === 0 ? html`<p>${a("noEvents")} <a href="/admin/events/new">${a("newEvent")}</a></p>` : null}
${upcoming.length > 0 ? html`<h2>${a("upcoming")}</h2>${list(upcoming)}` : null}
${done.length > 0 ? html`<h2>${a("past")}</h2>${list(done)}` : null}`,
  );
}

/** The second step of an edit that moves the event: how many guests will be told, then save or go back. */
export function confirmMovePage(p: {
  event: EventRecord;
  values: EventFormValues;
  formId: string;
  guests: number;
  language?: Language;
}): Html {
  speak(p.language);
  const hidden = (Object.entries(p.values) as [EventFormField, string][]).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  );
  return page(
    a("confirmTitle"),
    html`${nav()}<h1>${a("confirmTitle")}</h1>
<p>${a("confirmIntro", { count: p.guests })}</p>
<form method="post" action="/admin/events/${p.event.eventId}" accept-charset="utf-8">
<input type="hidden" name="formId" value="${p.formId}">
<input type="hidden" name="confirmed" value="yes">
${hidden}
<button type="submit">${a("confirm")}</button>
</form>
<form method="post" action="/admin/events/${p.event.eventId}" accept-charset="utf-8">
<input type="hidden" name="formId" value="${p.formId}">
<input type="hidden" name="review" value="yes">
${hidden}
<button type="submit">${a("back")}</button>
</form>`,
  );
}

/**
 * Shown right after an edit until the keeper has applied it: the form would still show the old values. It
 * looks again every second (a meta refresh, no script needed) and offers the form at once.
 */
export function savingPage(p: { event: EventRecord; language?: Language }): Html {
  speak(p.language);
  return page(
    t("hostExtras.saving.title"),
    html`${nav()}<h1>${t("hostExtras.saving.title")}</h1>
<div class="notice" role="status"><p>${t("hostExtras.saving.text", { name: p.event.name })}</p></div>
<p><a href="/admin/events/${p.event.eventId}">${t("hostExtras.saving.showNow")}</a></p>`,
    html`<meta http-equiv="refresh" content="1">`,
  );
}

/** A host link shown once: after creating the event, or after minting a new one. */
export function hostLinkPage(p: {
  heading: string;
  event: EventRecord;
  registerUrl: string;
  hostUrl: string;
  language?: Language;
}): Html {
  speak(p.language);
  return page(
    p.heading,
    html`${nav()}<h1>${p.heading}</h1>
<dl>
<dt>${a("registerLink")}</dt><dd><a href="${p.registerUrl}">${p.registerUrl}</a></dd>
<dt>${a("hostLink")}</dt><dd><p class="secret"><a href="${p.hostUrl}">${p.hostUrl}</a></p></dd>
</dl>
<div class="notice" role="status"><p>${a("hostLinkOnce")}</p></div>
<p><a href="/admin/events/${p.event.eventId}">${a("manage")}</a> · <a href="/admin">${a("allEvents")}</a></p>`,
  );
}

/** One of the admin area's sentences, in a language (for a heading or notice a route passes to a page). */
export const adminText = (l: Language, key: string, options?: Record<string, unknown>) =>
  translator(l)(`pages.admin.${key}`, options ?? {});
