import { html } from "hono/html";
import type { Translate } from "../../i18n/index.ts";
import { k } from "./host-frame.ts";
import type { Html } from "./pages.ts";

/**
 * The host page's actions (DESIGN.md: headcount, then actions): the other host pages, grouped under headings
 * (the guests, messages, the door, the event itself), each a card with its label and a one-line hint. The whole
 * card is the tap target (the link stretches over it, inline-assets.ts `.tools`), at least 44 px high; the link's
 * name is its label alone, so a screen reader hears "Guest list, link" and then the hint.
 */

/** One action: where it leads, its label (the link's name) and the hint under it. */
interface Tool {
  href: string;
  label: string;
  hint: string;
}

/** What decides which actions a host page offers. */
export interface HostToolsProps {
  /** `/h/<token>`: every host page starts with it. */
  base: string;
  eventId: string;
  /** Whether the audit trail can be shown here. */
  auditAvailable: boolean;
  /** Whether the instance has the owner's admin area (absent: it has); without it, who edits the details. */
  adminArea?: boolean | undefined;
}

const toolList = (tools: readonly Tool[]): Html =>
  html`<ul class="tools">
${tools.map((tool) => html`<li><a href="${tool.href}">${tool.label}</a><span class="hint">${tool.hint}</span></li>`)}
</ul>`;

const group = (id: string, heading: string, body: Html): Html =>
  html`<section aria-labelledby="tools-${id}">
<h2 id="tools-${id}">${heading}</h2>
${body}
</section>`;

/**
 * The grouped actions of the host page: `everyday` (the guests, messages, the door) under the headcount, and
 * `event` (edit the details, the audit trail), which the page puts last, under the seats and registration.
 */
export function hostTools(p: HostToolsProps, t: Translate): { everyday: Html; event: Html } {
  const hint = (key: string) => t(`hostTools.hints.${key}`);
  const heading = (key: string) => t(`hostTools.groups.${key}`);
  const tool = (path: string, label: string, hintKey: string): Tool => ({
    href: `${p.base}${path}`,
    label,
    hint: hint(hintKey),
  });
  const guests = [
    tool("/guests", t(k("guestListLink")), "guestList"),
    tool("/guests.csv", t(k("downloadCsvCap")), "csv"),
    tool("/import", t(k("importLink")), "import"),
    tool("/ask", t(k("askLink")), "ask"),
  ];
  const messages = [
    tool("/message", t(k("messageLink")), "message"),
    tool("/thanks", t(k("thanksLink")), "thanks"),
  ];
  const door = [tool("/door", t("door.host.openDoor"), "door")];
  // The edit link leads to the admin area, where the owner signs in; without one it would lead nowhere, so the
  // page says who can change the details instead.
  const edit: Tool[] =
    p.adminArea === false
      ? []
      : [{ href: `/admin/events/${p.eventId}`, label: t("pages.admin.editDetails"), hint: hint("edit") }];
  const audit = p.auditAvailable ? [tool("/audit", t(k("auditLink")), "audit")] : [];
  const poster: Tool = { href: `${p.base}/poster`, label: t("poster.link"), hint: t("poster.hint") };
  const event = [...edit, poster, ...audit];
  return {
    everyday: html`${group("guests", heading("guests"), toolList(guests))}
${group("messages", heading("messages"), toolList(messages))}
${group("door", heading("door"), toolList(door))}`,
    event: group(
      "event",
      heading("event"),
      html`${event.length > 0 ? toolList(event) : null}${
        p.adminArea === false ? html`<p class="note">${t("pages.admin.adminOnly")}</p>` : null
      }`,
    ),
  };
}
