import type { Context, Env, Hono, MiddlewareHandler } from "hono";
import * as z from "zod";
import { Id } from "../../contracts/common.ts";
import type { EventRecord } from "../../contracts/event.ts";
import type { Clock, CommandQueue, GuestReader } from "../../core/ports.ts";
import type { guestListRows } from "../host/guest-list.ts";
import { type HostAction, hostCommand } from "../host/host-commands.ts";
import { requestsSection } from "./approval-pages.ts";
import { ForbiddenError } from "./errors.ts";
import { formCommandId, isIssuedFormId, readHostForm } from "./host-forms.ts";
import type { Html } from "./pages.ts";

/**
 * The host's approvals (approval mode, docs/approval.md): the requests section of the guest list, and its
 * form's POST, which queues one command per checked guest (approve or decline) — the keeper decides each.
 * The post goes through the host routes' same-origin check, host-token middleware and body limit, and carries
 * a form id the page issued, as every host form does.
 */

/** At most this many guests per post (a page of requests); each is one command. */
const maxPerPost = 500;

const formIdMessage = "formId is missing or invalid: reload the guest list and send the form again";

/** A checked guest's field: `guest:<guest id>` (a form post keeps one value per field name). */
export const guestField = (guestId: string) => `guest:${guestId}`;

/** The approve/decline form: the checked guests (one `guest:<id>` field each) and which button was pressed. */
export const RequestsForm = z.preprocess(
  (fields) => {
    const f = (typeof fields === "object" && fields !== null ? fields : {}) as Record<string, unknown>;
    const guestIds = Object.keys(f)
      .filter((name) => name.startsWith("guest:"))
      .map((name) => name.slice("guest:".length));
    return { formId: f.formId, decision: f.decision, guestIds };
  },
  z.object({
    formId: z.string({ error: formIdMessage }).refine((s) => Id.safeParse(s).success, formIdMessage),
    decision: z.enum(["approve", "decline"], { error: "press Approve selected or Decline selected" }),
    guestIds: z
      .array(Id)
      .min(1, "select at least one request first")
      .max(maxPerPost, `select at most ${maxPerPost} requests at once`),
  }),
);

export interface ApprovalRouteDeps<E extends Env> {
  reader: GuestReader;
  queue: CommandQueue;
  clock: Clock;
  /** The host routes' middleware that finds the event of the host token (and 404s otherwise). */
  host: MiddlewareHandler<E>;
  /** The host forms' body limit. */
  formLimit: MiddlewareHandler;
  /** The event the `host` middleware found. */
  eventOf: (c: Context<E>) => EventRecord;
  /** `/h/<token>`. */
  base: (c: Context<E>) => string;
}

/** The requests section for the guest list page, or null when the event has no approval and no request. */
export function requestsSectionOf(
  event: EventRecord,
  rows: ReturnType<typeof guestListRows>,
  p: { base: string; formId: string },
): Html | null {
  const requests = rows
    .filter((r) => r.status === "requested")
    .sort((a, b) => a.registeredAt.localeCompare(b.registeredAt));
  if (!event.settings.approval && requests.length === 0) return null;
  return requestsSection({
    ...p,
    language: event.details.language,
    timeZone: event.timeZone,
    requests,
  });
}

/** Adds `POST /h/:hostToken/requests` to the host routes. */
export function approvalRoutes<E extends Env>(app: Hono<E>, deps: ApprovalRouteDeps<E>): void {
  app.post("/h/:hostToken/requests", deps.host, deps.formLimit, async (c: Context<E>) => {
    const event = deps.eventOf(c);
    const form = await readHostForm(c.req, RequestsForm);
    if (!isIssuedFormId(c.req.param("hostToken") ?? "", form.formId))
      throw new ForbiddenError(
        "this form was not issued by this host page: reload the guest list and send the form again",
        undefined,
        { hint: "Open your host link again and send the form from the guest list." },
      );
    const type = form.decision === "approve" ? "approve-request" : "decline-request";
    const now = deps.clock.now();
    // The same form sent twice (a double click, a reload) names the same commands, which the queue drops.
    const commands = form.guestIds.map((guestId) => {
      const action: HostAction = { type, guestId };
      return hostCommand(action, {
        eventId: event.eventId,
        commandId: formCommandId(form.formId, action),
        issuedAt: now,
      });
    });
    await deps.queue.send(commands);
    // The keeper applies an event's commands in order: once the last is decided, all are.
    const last = commands[commands.length - 1]!;
    return c.redirect(`${deps.base(c)}/guests?done=${encodeURIComponent(last.commandId)}`, 303);
  });
}
