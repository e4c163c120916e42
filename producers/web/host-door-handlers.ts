import { createHash } from "node:crypto";
import type { Context, Handler, MiddlewareHandler } from "hono";
import { html } from "hono/html";
import * as z from "zod";
import { DoorLinkId, DoorLinkLabel } from "../../contracts/door.ts";
import { type EventRecord, eventEnd } from "../../contracts/event.ts";
import { doorLinkGraceMs, signDoorToken } from "../../core/check-in-code.ts";
import { hashHostToken } from "../../core/host-token.ts";
import { formatDateTime, translator } from "../../i18n/index.ts";
import { type HostAction, hostCommand } from "../host/host-commands.ts";
import { type DoorEnv, eventOf } from "./door-handlers.ts";
import { doorLinksView } from "./door-link-pages.ts";
import type { DoorRouteDeps } from "./door-routes.ts";
import { ForbiddenError, NotFoundError } from "./errors.ts";
import { ButtonForm, formCommandId, isIssuedFormId, issueFormId, readHostForm } from "./host-forms.ts";
import { type Html, layout } from "./pages.ts";

// The host's side of the door routes (door-routes.ts), `/h/HOSTTOKEN/door`: make and revoke door links, and
// the thank-you setting for those who came.

/** The host token must open an event, as on every host route. */
export function hostGuard(deps: DoorRouteDeps): MiddlewareHandler<DoorEnv> {
  return async (c, next) => {
    const event = await deps.reader.findEventByHostTokenHash(hashHostToken(c.req.param("hostToken") ?? ""));
    if (!event) throw new NotFoundError("unknown host link");
    c.set("event", event);
    c.set("language", event.details.language);
    await next();
  };
}

const hostBase = (c: Context<DoorEnv>) => `/h/${encodeURIComponent(c.req.param("hostToken") ?? "")}`;

/** A door link just made, shown once on the host's door page. */
type MadeLink = { url: string; until: string; linkId: string; label: string };

function hostDoorPage(c: Context<DoorEnv>, deps: DoorRouteDeps, link: MadeLink | null) {
  const event = eventOf(c);
  c.header("Cache-Control", "no-store");
  return c.html(
    hostDoorView({
      event,
      base: hostBase(c),
      formId: issueFormId(c.req.param("hostToken") ?? "", deps.newId()),
      link,
      revokedNow: c.req.query("revoked") ?? null,
    }),
  );
}

/**
 * Queues a host action sent by a form of this host's page (refused when the page did not issue it), under a
 * command id the form's id fixes: the same form sent twice is one command.
 */
async function sendHostAction(
  c: Context<DoorEnv>,
  deps: DoorRouteDeps,
  event: EventRecord,
  formId: string,
  action: HostAction,
) {
  if (!isIssuedFormId(c.req.param("hostToken") ?? "", formId)) throw notIssued();
  const command = hostCommand(action, {
    eventId: event.eventId,
    commandId: formCommandId(formId, action),
    issuedAt: deps.clock.now(),
  });
  await deps.queue.send([command]);
  return command;
}

/** `GET /h/:hostToken/door`: the host's door page. */
export function showHostDoorPage(deps: DoorRouteDeps): Handler<DoorEnv> {
  return (c) => hostDoorPage(c, deps, null);
}

/**
 * `POST /h/:hostToken/door`. POST, not GET: a door link is a capability, minted when the host asks, never by a
 * prefetch. The link's id comes from the form's id: the same form sent twice (a double click) is one link.
 */
export function mintDoorLink(deps: DoorRouteDeps): Handler<DoorEnv> {
  return async (c) => {
    const event = eventOf(c);
    const form = await readHostForm(c.req, MintDoorLinkForm, { label: "label" });
    const linkId = doorLinkIdOf(form.formId);
    const label = form.label ?? "";
    await sendHostAction(c, deps, event, form.formId, { type: "mint-door-link", linkId, label });
    const expiresAt = new Date(eventEnd(event).getTime() + doorLinkGraceMs);
    const token = signDoorToken(
      { eventId: event.eventId, expiresAt: expiresAt.toISOString(), linkId },
      deps.keyring(),
    );
    const until = formatDateTime(event.details.language, expiresAt, event.timeZone);
    return hostDoorPage(c, deps, { url: `${deps.origin(c)}/door/${token}`, until, linkId, label });
  };
}

/**
 * `POST /h/:hostToken/door/revoke`. Revoking a door link: a host action like the others (Origin-checked, a
 * form this page issued), idempotent in the keeper; the page then lists the link as revoked.
 */
export function revokeDoorLink(deps: DoorRouteDeps): Handler<DoorEnv> {
  return async (c) => {
    const event = eventOf(c);
    const form = await readHostForm(c.req, RevokeDoorLinkForm);
    if (!isIssuedFormId(c.req.param("hostToken") ?? "", form.formId)) throw notIssued();
    if (!(event.doorLinks ?? []).some((l) => l.id === form.linkId))
      throw new NotFoundError("this event has no door link with that id");
    await sendHostAction(c, deps, event, form.formId, { type: "revoke-door-link", linkId: form.linkId });
    return c.redirect(`${hostBase(c)}/door?revoked=${encodeURIComponent(form.linkId)}`, 303);
  };
}

/** `POST /h/:hostToken/door/settings`: the thank-you note only for those who came, or for all. */
export function saveDoorSettings(deps: DoorRouteDeps): Handler<DoorEnv> {
  return async (c) => {
    const event = eventOf(c);
    const form = await readHostForm(c.req, ThanksOnlyArrivedForm);
    const command = await sendHostAction(c, deps, event, form.formId, {
      type: "edit-event",
      changes: { settings: { thanksOnlyArrived: form.thanksOnlyArrived === "on" } },
    });
    return c.redirect(`${hostBase(c)}/door?done=${encodeURIComponent(command.commandId)}`, 303);
  };
}

const notIssued = () =>
  new ForbiddenError("this form was not issued by this host page: reload it and send the form again");

const ThanksOnlyArrivedForm = ButtonForm.extend({ thanksOnlyArrived: z.literal("on").optional() });
const MintDoorLinkForm = ButtonForm.extend({
  label: z.preprocess((v) => (typeof v === "string" ? v.trim() : v), DoorLinkLabel).optional(),
});
const RevokeDoorLinkForm = ButtonForm.extend({ linkId: DoorLinkId });

/** A door link's id, from the form that minted it (12 characters, not guessable: the form id is a nonce + MAC). */
const doorLinkIdOf = (formId: string) =>
  `d${createHash("sha256").update(`door-link\n${formId}`).digest("base64url").slice(0, 11)}`;

/** The host's door page: make a door link, and send the thank-you note only to those who came. */
function hostDoorView(p: {
  event: EventRecord;
  base: string;
  formId: string;
  link: { url: string; until: string; linkId: string; label: string } | null;
  revokedNow: string | null;
}): Html {
  const t = translator(p.event.details.language);
  const h = (key: string) => `door.host.${key}`;
  const checked = p.event.settings.thanksOnlyArrived;
  return layout(
    t(h("linkTitle"), { event: p.event.name }),
    html`<p><a href="${p.base}">← ${p.event.name}</a></p>
<h1>${t(h("heading"))}</h1>
<p class="door-count">${t("door.page.arrived", { arrived: p.event.arrived ?? 0, expected: p.event.confirmed })}</p>
<p>${t(h("intro"))}</p>
${
  p.link
    ? html`<section class="card"><p>${t(h("made"), { until: p.link.until })}</p>
<p><a href="${p.link.url}"><code>${p.link.url}</code></a></p>
<p class="note">${t(h("share"))}</p></section>`
    : null
}
<form method="post" action="${p.base}/door" accept-charset="utf-8">
<input type="hidden" name="formId" value="${p.formId}">
<label for="door-label">${t("door.links.labelField")}</label>
<p class="note" id="door-label-hint">${t("door.links.labelHint")}</p>
<input id="door-label" name="label" maxlength="60" autocomplete="off" aria-describedby="door-label-hint">
<button type="submit">${t(h("make"))}</button>
</form>
${doorLinksView({ event: p.event, base: p.base, formId: p.formId, justMade: p.link, revokedNow: p.revokedNow })}
<form method="post" action="${p.base}/door/settings" accept-charset="utf-8">
<input type="hidden" name="formId" value="${p.formId}">
<label><input type="checkbox" name="thanksOnlyArrived" value="on"${checked ? html` checked` : null}> ${t(h("thanksOnlyArrived"))}</label>
<p class="note">${t(h("thanksOnlyArrivedHint"))}</p>
<button type="submit" class="secondary">${t(h("save"))}</button>
</form>`,
    html`<meta name="robots" content="noindex">`,
    { lang: p.event.details.language },
  );
}
