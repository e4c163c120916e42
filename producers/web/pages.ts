import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { type Accent, defaultAccent } from "../../contracts/accent.ts";
import type { Language } from "../../contracts/language.ts";
import { translator } from "../../i18n/index.ts";
import { livePageScript, pageStyle } from "./inline-assets.ts";

/**
 * The pages of the HTTP surface: the frame every page shares, the front page and the error page; the guest's
 * pages have their own files (register-pages.ts, manage-pages.ts, link-choice-pages.ts, link-outcome-pages.ts, ...). Every value is
 * interpolated through hono's `html` template, which escapes it: event and guest names are typed by strangers.
 * Pages work without JavaScript. Guest pages speak the event's language (i18n/*\/pages.ts).
 */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface LayoutOptions {
  /** The page's language (the `lang` attribute); English when not given. */
  lang?: Language;
  /** The event's colour (`data-accent`, styled by inline-assets.ts); the default indigo when not given. */
  accent?: Accent | undefined;
}

/** The page frame every HTML page shares: head, style, CSP-safe assets. */
export function layout(
  title: string,
  content: Html,
  head: Html | null = null,
  options: LayoutOptions = {},
): Html {
  return html`<!doctype html>
<html lang="${options.lang ?? "en"}"${options.accent && options.accent !== defaultAccent ? html` data-accent="${options.accent}"` : ""}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · rsvp</title>
${head}
<style>${raw(pageStyle)}</style>
</head>
<body><main>
${content}
</main></body>
</html>`;
}

/** The script that makes a waiting page update itself (allowed by its hash in the CSP). */
export const livePageScriptTag = html`<script>${raw(livePageScript)}</script>`;

/** The front page: what rsvp is and where to go, in the reader's language (the browser's). */
export function landingPage(language: Language = "en"): Html {
  const t = translator(language);
  return layout(
    t("pages.landing.title"),
    html`<h1>${t("pages.landing.title")}</h1>
<p>${t("pages.landing.lead")}</p>
<p class="note">${t("pages.landing.note")}</p>`,
    null,
    { lang: language },
  );
}
export interface ErrorPageProps {
  title: string;
  message: string;
  issues?: readonly string[] | undefined;
  /** What the reader can do about it. */
  hint: string;
  /** The page's language (its `lang`); the caller has put title and hint in it. */
  language?: Language;
}

export function errorPage({ title, message, issues = [], hint, language = "en" }: ErrorPageProps): Html {
  return layout(
    title,
    html`<h1>${title}</h1>
<div class="problem"><p>${message}</p>
${issues.length > 0 ? html`<ul>${issues.map((i) => html`<li>${i}</li>`)}</ul>` : null}</div>
<p class="note">${hint}</p>`,
    null,
    { lang: language },
  );
}
