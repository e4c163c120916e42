import { createHash } from "node:crypto";
import { html, raw } from "hono/html";
import type { EventRecord } from "../../contracts/event.ts";
import type { Language } from "../../contracts/language.ts";
import { translator } from "../../i18n/index.ts";
import { eventLine, wordsFor } from "./event-view.ts";
import type { GuestView } from "./link-status.ts";
import { type Html, layout } from "./pages.ts";

/**
 * The guest's own name correction (issue 14 §3): a page of its own at `/name/<action>/<token>`, which their link's page
 * links to (that page keeps its one button). The signed link is the guest's authority, so it may only change
 * their name (the keeper refuses a party change from the `link` lane); a second press with the same name is
 * one command.
 */

/** What the name form shows: where it posts, the name as it stands or as typed, and what came of a post. */
export interface GuestNameForm {
  path: string;
  value: string;
  /** The problem of a name the server could not take (shown beside the field). */
  error?: string | null;
  /** The name was sent to the list. */
  saved?: boolean;
}

/** The id a name correction is sent under: the link, the round and the name, so a double post is one command. */
export function nameCommandId(token: string, round: number, name: string): string {
  const hash = createHash("sha256").update(`${token}\n${round}\nname\n${name}`);
  return `name-${hash.digest("base64url").slice(0, 32)}`;
}

const k = (key: string) => `hostHand.guest.${key}`;

/** The link under a link page's button to the name page. */
export function guestNameLink(path: string, language: Language): Html {
  return html`<p class="note"><a href="${path}">${translator(language)(k("nameLink"))}</a></p>`;
}

/** The name page: the event, the name as it stands (or as typed), one button. */
export function guestNamePage(p: { event: EventRecord; view: GuestView; form: GuestNameForm }): Html {
  const { event, form } = p;
  const { lang, t } = wordsFor(event);
  const invalid = form.error ? raw(' aria-invalid="true" aria-describedby="name-error"') : null;
  return layout(
    t(k("nameLegend")),
    html`${eventLine(event)}
<h1>${t(k("nameLegend"))}</h1>
${form.saved ? html`<div class="notice" role="status"><p>${t(k("nameSaved"))}</p></div>` : null}
<p>${t(k("nameIntro"))}</p>
<form method="post" action="${form.path}" accept-charset="utf-8">
<label for="guest-name">${t(k("nameLabel"))}</label>
${form.error ? html`<span class="field-error" id="name-error">${form.error}</span>` : null}
<input id="guest-name" name="name" required maxlength="200" autocomplete="name" value="${form.value}"${invalid}>
<button type="submit">${t(k("nameButton"))}</button>
</form>
<p><a href="${form.path.replace(/^\/name\//, "/l/")}">${t(k("nameBack"))}</a></p>`,
    html`<meta name="robots" content="noindex">`,
    { lang, accent: event.details.accent },
  );
}
