import { html, raw } from "hono/html";
import type { DoorGuest, DoorResult } from "../../contracts/door.ts";
import type { Language } from "../../contracts/language.ts";
import { en } from "../../i18n/en/index.ts";
import { formatDateTime, type Translate, translator } from "../../i18n/index.ts";
import { doorPageScript, doorStyle } from "./door-script.ts";
import { type Html, layout } from "./pages.ts";

/**
 * The door page (mobile first: one hand, 390 px): the count of who arrived, the big result, the camera, a
 * typed code, and a search by name. Without script the search and the code are forms the server answers;
 * with it everything works from the phone's copy of the list (see door-script.ts).
 */
export interface DoorPageProps {
  eventId: string;
  eventName: string;
  language: Language;
  timeZone: string;
  /** `/door/TOKEN`: the page's own path, the start of its list and check-in addresses. */
  base: string;
  arrived: number;
  expected: number;
  /** The server's answer to a form post (no script), or null. */
  result: DoorResult | null;
  /** A name search sent without script, and what it found. */
  query: string;
  matches: readonly DoorGuest[];
  /** The fallback QR decoder's script (door-script.ts `doorDecoder`), or "" without one. */
  decoder: string;
}

const d = (key: string) => `door.page.${key}`;

/** The strings the script says, in the page's language (data, not code: a JSON block the script reads). */
function scriptWords(t: Translate): string {
  const keys = Object.keys(en.door.page);
  const words = Object.fromEntries(keys.map((key) => [key, t(d(key))]));
  // Inside <script type="application/json">: a "<" must not close the element.
  return JSON.stringify(words).replace(/</g, "\\u003c");
}

export function doorPage(p: DoorPageProps): Html {
  const t = translator(p.language);
  const time = (iso: string | null) =>
    iso ? formatDateTime(p.language, new Date(iso), p.timeZone, { hour: "2-digit", minute: "2-digit" }) : "?";
  return layout(
    t(d("title"), { event: p.eventName }),
    html`<div id="door" data-event="${p.eventId}" data-list="${p.base}/list" data-checkin="${p.base}/check-in" data-worker="${p.base}/sw.js" data-scope="${p.base}" data-zone="${p.timeZone}">
<h1>${t(d("heading"))} <span class="note">${p.eventName}</span></h1>
<p class="door-count" id="door-arrived" aria-live="polite">${t(d("arrived"), { arrived: p.arrived, expected: p.expected })}</p>
<p id="door-sync" class="note" aria-live="polite"></p>
<div id="door-result" class="door-result ${p.result ? toneOf(p.result) : ""}" tabindex="-1" role="status" aria-live="assertive"${p.result ? null : raw(" hidden")}>${p.result ? resultView(p, p.result, t, time) : null}</div>
<div class="door-js-only">
<video id="door-video" playsinline muted hidden></video>
<button type="button" id="door-scan">${t(d("scan"))}</button>
<p class="note">${t(d("scanHint"))}</p>
<label for="door-file">${t(d("upload"))}</label>
<input id="door-file" type="file" accept="image/*" capture="environment">
</div>
<form id="door-code-form" method="post" action="${p.base}/check-in" accept-charset="utf-8">
<label for="door-code">${t(d("codeLabel"))}</label>
<p class="note" id="door-code-hint">${t(d("codeHint"))}</p>
<input id="door-code" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false" aria-describedby="door-code-hint" required>
<button type="submit" class="secondary">${t(d("checkCode"))}</button>
</form>
<form id="door-search" method="get" action="${p.base}" role="search">
<label for="door-q">${t(d("searchLabel"))}</label>
<p class="note" id="door-q-hint">${t(d("searchHint"))}</p>
<input id="door-q" name="q" type="search" autocomplete="off" value="${p.query}" aria-describedby="door-q-hint">
<button type="submit" class="secondary door-nojs">${t(d("searchLabel"))}</button>
</form>
<ul id="door-results" class="door-list" aria-live="polite">${p.matches.map((g) => matchView(p, g, t, time))}</ul>
<p class="note" id="door-age"></p>
<p class="note">${t(d("doorOnly"))}</p>
<noscript><p class="note">${t(d("noScript"))}</p></noscript>
</div>
<script type="application/json" id="door-words">${raw(scriptWords(t))}</script>
${p.decoder ? html`<script>${raw(p.decoder)}</script>` : null}
<script>${raw(doorPageScript)}</script>`,
    html`<meta name="robots" content="noindex"><style>${raw(doorStyle)}</style>`,
    { lang: p.language },
  );
}

function toneOf(r: DoorResult): string {
  if (r.result === "checked-in") return "ok";
  if (r.result === "already") return "warn";
  return "bad";
}

/** The server's answer, as big as the script's. */
function resultView(
  p: DoorPageProps,
  r: DoorResult,
  t: Translate,
  time: (iso: string | null) => string,
): Html {
  const g = r.guest;
  const text = (() => {
    switch (r.result) {
      case "checked-in":
        return g && g.arrived < g.party
          ? t(d("welcomeSome"), { name: g.name, arrived: g.arrived, party: g.party })
          : t(d("welcome"), { name: g?.name ?? "", party: g?.party ?? 1 });
      case "already":
        return t(d("alreadyName"), { name: g?.name ?? "", time: time(g?.at ?? null) });
      case "other-event":
        return t(d("otherEvent"));
      case "not-on-list":
        return t(d("notOnList"));
      case "not-attending":
        return g?.state === "cancelled"
          ? t(d("cancelled"), { name: g.name })
          : t(d("notAttending"), { name: g?.name ?? "" });
      case "invalid":
        return t(d("forged"));
    }
  })();
  return html`<p class="door-big">${text}</p>${
    g && r.result === "checked-in" && g.arrived < g.party ? checkInForm(p, g, t) : null
  }`;
}

/** A guest found by a search without script: their party and a check-in form. */
function matchView(p: DoorPageProps, g: DoorGuest, t: Translate, time: (iso: string | null) => string): Html {
  const what =
    g.state === "cancelled"
      ? t(d("cancelled"), { name: g.name })
      : g.state !== "coming"
        ? t(d("notAttending"), { name: g.name })
        : g.arrived >= g.party
          ? t(d("alreadyName"), { name: g.name, time: time(g.at) })
          : `${g.name} · ${t(d("party"), { count: g.party })}`;
  return html`<li class="card"><p><strong>${what}</strong></p>${g.state === "coming" && g.arrived < g.party ? checkInForm(p, g, t) : null}</li>`;
}

function checkInForm(p: DoorPageProps, g: DoorGuest, t: Translate): Html {
  const options = [];
  for (let n = g.party; n > g.arrived; n -= 1) options.push(n);
  return html`<form method="post" action="${p.base}/check-in" accept-charset="utf-8">
<input type="hidden" name="guestId" value="${g.guestId}">
${
  g.party > 1
    ? html`<label>${t(d("seatsLabel"))} <select name="seats">${options.map((n) => html`<option value="${n}">${n}</option>`)}</select></label>`
    : null
}
<button type="submit">${t(d("checkInAll"), { count: g.party })}</button>
</form>`;
}
