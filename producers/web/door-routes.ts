import { createHash } from "node:crypto";
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { html } from "hono/html";
import * as z from "zod";
import { DoorCheckInRequest, DoorLinkId, DoorLinkLabel } from "../../contracts/door.ts";
import { type EventRecord, eventEnd } from "../../contracts/event.ts";
import type { Keyring } from "../../contracts/link.ts";
import { doorLinkGraceMs, signDoorToken, verifyDoorToken } from "../../core/check-in-code.ts";
import { isDoorLinkRevoked } from "../../core/door-link-decisions.ts";
import { hashHostToken } from "../../core/host-token.ts";
import type { Clock, CommandQueue, GuestReader } from "../../core/ports.ts";
import { formatDateTime, translator } from "../../i18n/index.ts";
import { doorCheckIn, doorList } from "../door/door-check-in.ts";
import { type HostAction, hostCommand } from "../host/host-commands.ts";
import { doorLinksView, revokedDoorAnswer, revokedDoorPage } from "./door-link-pages.ts";
import { doorPage } from "./door-pages.ts";
import { doorDecoder } from "./door-script.ts";
import { doorServiceWorker } from "./door-worker.ts";
import { ForbiddenError, InvalidInputError, LinkExpiredError, NotFoundError, said } from "./errors.ts";
import { ButtonForm, formCommandId, isIssuedFormId, issueFormId, readHostForm } from "./host-forms.ts";
import { acceptedLanguageOf, type WebEnv, wantsJson } from "./negotiation.ts";
import { type Html, layout } from "./pages.ts";
import { limitBody } from "./request-body.ts";
import { sameOrigin } from "./same-origin.ts";

export interface DoorRouteDeps {
  reader: GuestReader;
  queue: CommandQueue;
  clock: Clock;
  keyring: () => Keyring;
  newId: () => string;
  origin: (c: Context<WebEnv>) => string;
}

type DoorEnv = { Variables: WebEnv["Variables"] & { event?: EventRecord } };

const eventOf = (c: Context<DoorEnv>): EventRecord => {
  const event = c.get("event");
  if (!event) throw new Error(`door route ${c.req.routePath} runs without its middleware`);
  return event;
};

/**
 * The door: `/door/TOKEN` (a door link, which can only check guests in: it opens this page, its list and its
 * check-in, nothing of the host's) and the host's side of it, `/h/HOSTTOKEN/door` (make a door link; the
 * thank-you setting for those who came). Like every producer these only read and enqueue.
 */
export function doorRoutes(deps: DoorRouteDeps): Hono<DoorEnv> {
  const app = new Hono<DoorEnv>();

  /** The door token must verify and name an event that exists; a bad one is answered like any unknown link. */
  const door: MiddlewareHandler<DoorEnv> = async (c, next) => {
    const verified = verifyDoorToken(c.req.param("doorToken") ?? "", deps.keyring(), deps.clock.now());
    if (!verified.ok) {
      if (verified.reason === "expired")
        throw new LinkExpiredError(said("link.doorExpired"), undefined, {
          hint: said("link.doorExpiredHint"),
        });
      throw new NotFoundError("unknown door link");
    }
    const event = await deps.reader.getEvent(verified.claims.eventId);
    if (!event) throw new NotFoundError("unknown door link");
    const { linkId } = verified.claims;
    if (linkId !== undefined && isDoorLinkRevoked(event, linkId)) {
      // Whoever holds it is told so in their own language (the event's when their browser names none we
      // speak): a person opening it or posting its form without script gets a page; the page's sync, JSON.
      const language = acceptedLanguageOf(c) ?? event.details.language;
      c.header("Cache-Control", "no-store");
      c.header("Vary", "Accept-Language");
      if (wantsJson(c)) return c.json(revokedDoorAnswer(event, language), 410);
      return c.html(revokedDoorPage(event, language), 410);
    }
    c.set("event", event);
    c.set("language", event.details.language);
    await next();
  };
  const base = (c: Context<DoorEnv>) => `/door/${encodeURIComponent(c.req.param("doorToken") ?? "")}`;
  /** The page's frame, with the decoder (read on the first door page) allowed by this response's policy. */
  const frame = async (c: Context<DoorEnv>, event: EventRecord) => {
    const decoder = await doorDecoder();
    if (decoder.hash) c.set("pageScripts", [decoder.hash]);
    c.set("serviceWorker", true);
    return { ...pageFrame(event, base(c)), decoder: decoder.source };
  };
  const doorDeps = () => ({
    reader: deps.reader,
    queue: deps.queue,
    keyring: deps.keyring(),
    now: deps.clock.now(),
  });

  app.post("/door/:doorToken/*", sameOrigin(deps.origin));

  app.get("/door/:doorToken", door, async (c) => {
    const event = eventOf(c);
    const query = (c.req.query("q") ?? "").trim().slice(0, 100);
    const matches =
      query.length > 0
        ? (await doorList(doorDeps(), event)).guests
            .filter((g) => fold(g.name).includes(fold(query)))
            .slice(0, 20)
        : [];
    c.header("Cache-Control", "no-store");
    return c.html(
      doorPage({
        ...(await frame(c, event)),
        result: null,
        query,
        matches,
      }),
    );
  });

  // The page's service worker (door-worker.ts), for this link's page alone: its scope is the page's path,
  // which is above the script's folder, so the header allows it. Revalidated on every check for an update.
  app.get("/door/:doorToken/sw.js", door, (c) => {
    c.header("Content-Type", "text/javascript; charset=utf-8");
    c.header("Service-Worker-Allowed", base(c));
    c.header("Cache-Control", "no-cache");
    return c.body(doorServiceWorker);
  });

  app.get("/door/:doorToken/list", door, async (c) => {
    c.set("jsonOnly", true);
    c.header("Cache-Control", "no-store");
    return c.json(await doorList(doorDeps(), eventOf(c)));
  });

  const smallBody = limitBody(4096, "a check-in is a code or a guest, not this much", "Send the code alone.");

  app.post("/door/:doorToken/check-in", door, smallBody, async (c) => {
    const event = eventOf(c);
    const json = (c.req.header("content-type") ?? "").includes("application/json");
    const body = json ? await c.req.json().catch(() => null) : await c.req.parseBody().catch(() => null);
    const parsed = DoorCheckInRequest.safeParse(body ?? {});
    if (!parsed.success)
      throw new InvalidInputError(
        "the check-in needs a code or a guest",
        parsed.error.issues.map((i) => i.message),
      );
    const result = await doorCheckIn({ ...doorDeps() }, event, parsed.data);
    if (json || wantsJson(c)) return c.json(result);
    c.header("Cache-Control", "no-store");
    return c.html(doorPage({ ...(await frame(c, event)), result, query: "", matches: [] }));
  });

  // ——— the host's side ———

  const host: MiddlewareHandler<DoorEnv> = async (c, next) => {
    const event = await deps.reader.findEventByHostTokenHash(hashHostToken(c.req.param("hostToken") ?? ""));
    if (!event) throw new NotFoundError("unknown host link");
    c.set("event", event);
    c.set("language", event.details.language);
    await next();
  };
  const hostBase = (c: Context<DoorEnv>) => `/h/${encodeURIComponent(c.req.param("hostToken") ?? "")}`;

  app.post("/h/:hostToken/door", sameOrigin(deps.origin));
  app.post("/h/:hostToken/door/*", sameOrigin(deps.origin));

  const hostDoorPage = (
    c: Context<DoorEnv>,
    link: { url: string; until: string; linkId: string; label: string } | null,
  ) => {
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
  };

  /**
   * Queues a host action sent by a form of this host's page (refused when the page did not issue it), under a
   * command id the form's id fixes: the same form sent twice is one command.
   */
  const sendHostAction = async (
    c: Context<DoorEnv>,
    event: EventRecord,
    formId: string,
    action: HostAction,
  ) => {
    if (!isIssuedFormId(c.req.param("hostToken") ?? "", formId)) throw notIssued();
    const command = hostCommand(action, {
      eventId: event.eventId,
      commandId: formCommandId(formId, action),
      issuedAt: deps.clock.now(),
    });
    await deps.queue.send([command]);
    return command;
  };

  app.get("/h/:hostToken/door", host, (c) => hostDoorPage(c, null));

  // POST, not GET: a door link is a capability, minted when the host asks, never by a prefetch.
  // The link's id comes from the form's id: the same form sent twice (a double click) is one link.
  app.post("/h/:hostToken/door", host, async (c) => {
    const event = eventOf(c);
    const form = await readHostForm(c.req, MintDoorLinkForm, { label: "label" });
    const linkId = doorLinkIdOf(form.formId);
    const label = form.label ?? "";
    await sendHostAction(c, event, form.formId, { type: "mint-door-link", linkId, label });
    const expiresAt = new Date(eventEnd(event).getTime() + doorLinkGraceMs);
    const token = signDoorToken(
      { eventId: event.eventId, expiresAt: expiresAt.toISOString(), linkId },
      deps.keyring(),
    );
    const until = formatDateTime(event.details.language, expiresAt, event.timeZone);
    return hostDoorPage(c, { url: `${deps.origin(c)}/door/${token}`, until, linkId, label });
  });

  // Revoking a door link: a host action like the others (Origin-checked above, a form this page issued),
  // idempotent in the keeper; the page then lists the link as revoked.
  app.post("/h/:hostToken/door/revoke", host, async (c) => {
    const event = eventOf(c);
    const form = await readHostForm(c.req, RevokeDoorLinkForm);
    if (!isIssuedFormId(c.req.param("hostToken") ?? "", form.formId)) throw notIssued();
    if (!(event.doorLinks ?? []).some((l) => l.id === form.linkId))
      throw new NotFoundError("this event has no door link with that id");
    await sendHostAction(c, event, form.formId, { type: "revoke-door-link", linkId: form.linkId });
    return c.redirect(`${hostBase(c)}/door?revoked=${encodeURIComponent(form.linkId)}`, 303);
  });

  app.post("/h/:hostToken/door/settings", host, async (c) => {
    const event = eventOf(c);
    const form = await readHostForm(c.req, ThanksOnlyArrivedForm);
    const command = await sendHostAction(c, event, form.formId, {
      type: "edit-event",
      changes: { settings: { thanksOnlyArrived: form.thanksOnlyArrived === "on" } },
    });
    return c.redirect(`${hostBase(c)}/door?done=${encodeURIComponent(command.commandId)}`, 303);
  });

  return app;
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

function pageFrame(event: EventRecord, base: string) {
  return {
    eventId: event.eventId,
    eventName: event.name,
    language: event.details.language,
    timeZone: event.timeZone,
    base,
    arrived: event.arrived ?? 0,
    expected: event.confirmed,
  };
}

const fold = (s: string) =>
  s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();

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
