import { createHash } from "node:crypto";
import { html, raw } from "hono/html";
import type { Translate } from "../../i18n/index.ts";
import type { Html } from "./pages.ts";

/**
 * The registration link on the host page, with a "Copy link" button beside it. Progressive enhancement: the
 * link is there, to select and copy, without script; the button (hidden until the script shows it, so nobody
 * meets a button that does nothing) copies it to the clipboard and says "Copied" in a live region. Where the
 * browser will not copy (a plain-HTTP address that is not loopback has no clipboard API, say) the script selects
 * the link and says so. The style and the script are constants, allowed by hash in the CSP (security-headers.ts).
 */

/** The share box's look: the link on its own line, the button and its message under it. */
export const copyLinkStyle = `
.share > p { margin: 0; }
.share .copy { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 12px; margin-top: 8px; }
.share .copy[hidden] { display: none; }
.share .copy button { margin: 0; }
.share .copy [role="status"] { font-weight: 600; color: var(--ok); }
`;

/**
 * Shows each copy button whose link and live region are on the page; a press copies the link's address, or,
 * without clipboard access, selects the link (and tries the older copy command on the selection).
 */
export const copyLinkScript = `
(() => {
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const link = document.getElementById(button.dataset.copy);
    const status = document.getElementById(button.dataset.status);
    if (!link || !status) continue;
    const say = (text) => {
      status.textContent = "";
      setTimeout(() => { status.textContent = text; }, 50);
    };
    const select = () => {
      const range = document.createRange();
      range.selectNodeContents(link);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      try {
        return document.execCommand("copy");
      } catch {
        return false;
      }
    };
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(link.href);
        say(button.dataset.copied);
      } catch {
        say(select() ? button.dataset.copied : button.dataset.failed);
      }
    });
    button.parentElement.hidden = false;
  }
})();
`;

const cspHash = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
export const copyLinkStyleHash = cspHash(copyLinkStyle);
export const copyLinkScriptHash = cspHash(copyLinkScript);

/** The style, for the page's head. */
export const copyLinkHead = html`<style>${raw(copyLinkStyle)}</style>`;

/** The button's script, for the end of the page (after the host page's own script). */
export const copyLinkScriptTag = html`<script>${raw(copyLinkScript)}</script>`;

/** The registration link to share, with its copy button (the page carries `copyLinkScriptTag` too). */
export function shareLink(url: string, label: string, t: Translate): Html {
  return html`<div class="share">
<p>${label} <a id="register-link" href="${url}">${url}</a></p>
<p class="copy" hidden><button type="button" class="secondary" data-copy="register-link" data-status="register-link-copied" data-copied="${t("copyLink.copied")}" data-failed="${t("copyLink.failed")}">${t("copyLink.button")}</button>
<span id="register-link-copied" role="status" aria-live="polite"></span></p>
</div>`;
}
