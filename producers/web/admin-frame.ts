import { html, raw } from "hono/html";
import type { Language } from "../../contracts/language.ts";
import { MAX_PARTY } from "../../contracts/settings.ts";
import { translator } from "../../i18n/index.ts";
import { adminStyle, stackedTablesStyle } from "./admin-style.ts";
import { type Html, layout } from "./pages.ts";

/**
 * What every admin page shares: the language of the page being rendered, its sentences, the frame (styles,
 * navigation) and the notice. The pages (admin-pages.ts, admin-event-form-pages.ts) speak the owner's
 * language (the browser's, `pageLanguageOf`): each exported page sets it first (`speak`), and renders
 * synchronously, so no other page's render can come between. `language` and `t` are live bindings: an
 * importer reads the value the last `speak` set.
 */
export let language: Language = "en";
export let t = translator(language);
/** The language of the page being rendered: every exported page calls this first. */
export const speak = (l: Language | undefined) => {
  language = l ?? "en";
  t = translator(language);
};
export const a = (key: string, options?: Record<string, unknown>) => t(`pages.admin.${key}`, options ?? {});
/** A field's message: a `pages.admin.errors` key, or a whole catalog key (with dots) from another namespace. */
export const errorText = (key: string) =>
  key.includes(".") ? t(key, { max: MAX_PARTY }) : a(`errors.${key}`);

const adminHead = html`<style>${raw(stackedTablesStyle)}</style><style>${raw(adminStyle)}</style>`;
export const page = (title: string, content: Html, head: Html | null = null) =>
  layout(title, content, head ? html`${adminHead}${head}` : adminHead, { lang: language });

/** On every signed-in page: a link to the list, the form as the main button, and a quiet sign-out. */
export const nav = () => html`<nav class="admin" aria-label="${a("title")}">
<a href="/admin">${a("allEvents")}</a>
<a class="button" href="/admin/events/new">${a("newEvent")}</a>
<form method="post" action="/admin/sign-out"><button type="submit" class="quiet">${a("signOut")}</button></form>
</nav>`;

export const notice = (text: string | null, tone: "notice" | "problem" = "notice") =>
  text ? html`<div class="${tone}" role="status"><p>${text}</p></div>` : null;
