import { createHash } from "node:crypto";
import { html, raw } from "hono/html";
import type { Language } from "../../contracts/language.ts";
import { translator } from "../../i18n/index.ts";
import type { Html } from "./pages.ts";

/**
 * The guest's own name correction (issue 14 §3), under the one button of their manage link's page: a small
 * form that posts to `<link>/name`. The signed link is the guest's authority, so it may only change their name
 * (the keeper refuses a party change from the `link` lane); a second press with the same name is one command.
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

/** The form, in the event's language. */
export function guestNameSection(form: GuestNameForm, language: Language): Html {
  const t = translator(language);
  const invalid = form.error ? raw(' aria-invalid="true" aria-describedby="name-error"') : null;
  return html`<section class="card" aria-labelledby="name-title">
<h2 id="name-title">${t(k("nameLegend"))}</h2>
${form.saved ? html`<div class="notice" role="status"><p>${t(k("nameSaved"))}</p></div>` : null}
<p class="note">${t(k("nameIntro"))}</p>
<form method="post" action="${form.path}" accept-charset="utf-8">
<label for="guest-name">${t(k("nameLabel"))}</label>
${form.error ? html`<span class="field-error" id="name-error">${form.error}</span>` : null}
<input id="guest-name" name="name" required maxlength="200" autocomplete="name" value="${form.value}"${invalid}>
<button type="submit" class="secondary">${t(k("nameButton"))}</button>
</form>
</section>`;
}
