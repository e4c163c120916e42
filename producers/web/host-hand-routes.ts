import type { Context, Hono, MiddlewareHandler } from "hono";
import * as z from "zod";
import { EmailAddress, GuestName, Id } from "../../contracts/common.ts";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import type { GuestReader } from "../../core/ports.ts";
import { type HostAction, PartyText } from "../host/host-commands.ts";
import { NotFoundError, said } from "./errors.ts";
import { readHostForm } from "./host-forms.ts";
import type { HostHandView } from "./host-hand-pages.ts";
import type { HostEnv } from "./host-routes.ts";

/**
 * The host's hand on the guest list (issue 14 §3): the posts of the guest list's "Change" areas and of its "Add
 * a guest" form. Each becomes ONE host command through `enqueue` (the form id check, the 303 back to the list,
 * whose notice reports what the keeper made of it); a form the server cannot take comes back as the guest list
 * with the problem beside the form and what was typed kept (422), never as an error page.
 */

export interface HostHandRouteDeps {
  reader: GuestReader;
  /** The host routes' middleware: the token opens the event (and the body limit of host forms). */
  host: MiddlewareHandler<HostEnv>;
  formLimit: MiddlewareHandler;
  enqueue: (c: Context<HostEnv>, action: HostAction, formId: string, back?: string) => Promise<Response>;
  eventOf: (c: Context<HostEnv>) => EventRecord;
  guestList: (c: Context<HostEnv>, problem: HostHandView["problem"]) => Promise<Response>;
}

/** A checkbox: sent ("on") when ticked, absent when not. */
const Checkbox = z.preprocess((v) => v !== undefined && v !== "", z.boolean());
const FormIdField = z.string({ error: "formId is missing: reload the guest list and send the form again" });

const RemoveForm = z.object({ formId: FormIdField, notify: Checkbox });
const AdmitForm = z.object({ formId: FormIdField });
const EditForm = z.object({ formId: FormIdField, name: GuestName, party: PartyText });
const AddForm = z.object({
  formId: FormIdField,
  name: GuestName,
  email: EmailAddress,
  party: PartyText,
  waitlist: Checkbox,
});

/** One line per problem, naming its field the way the form labels it. */
const issuesOf = (error: z.ZodError): string[] =>
  error.issues.map((i) => {
    const field = i.path.join(".");
    return field === "" || i.message.startsWith(field) ? i.message : `${field}: ${i.message}`;
  });

/** What was typed, as text, for the form shown again. */
const typedValues = (fields: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(fields).filter(([, v]) => typeof v === "string")) as Record<
    string,
    string
  >;

/** The party bound of this event, said the way the form's field is labelled. */
const partyIssue = (maxParty: number) =>
  maxParty === 1
    ? "party: this event takes one seat per guest (raise the largest party in the event settings first)"
    : `party: at most ${maxParty} seats for this event (the guest included)`;

/** Adds the host-hand routes to the host routes' app. */
export function hostHandRoutes(app: Hono<HostEnv>, deps: HostHandRouteDeps): void {
  const { host, formLimit, enqueue, eventOf, guestList } = deps;

  /** The guest a route names, or 404 like the re-send button's. */
  const guestOf = async (c: Context<HostEnv>): Promise<GuestRecord> => {
    const guestId = c.req.param("guestId") ?? "";
    const guest = Id.safeParse(guestId).success
      ? await deps.reader.getGuest(eventOf(c).eventId, guestId)
      : null;
    if (!guest) throw new NotFoundError(said("host.noSuchGuest"));
    return guest;
  };

  /**
   * Reads a form against its schema and, if it holds, enqueues the action it makes; if not, the guest list
   * comes back with the problem beside the form named `target` (a guest id, or "add").
   */
  const act = async <T extends z.ZodType>(
    c: Context<HostEnv>,
    target: string,
    schema: T,
    toAction: (form: z.output<T>) => HostAction | string[],
  ) => {
    const fields = (await readHostForm(c.req, z.record(z.string(), z.unknown()))) as Record<string, unknown>;
    const parsed = schema.safeParse(fields);
    const values = typedValues(fields);
    if (!parsed.success) return guestList(c, { target, issues: issuesOf(parsed.error), values });
    const action = toAction(parsed.data);
    if (Array.isArray(action)) return guestList(c, { target, issues: action, values });
    return enqueue(c, action, (parsed.data as { formId: string }).formId, "/guests");
  };

  app.post("/h/:hostToken/guests/add", host, formLimit, (c) =>
    act(c, "add", AddForm, (form) => {
      const maxParty = eventOf(c).settings.maxParty;
      if (form.party > maxParty) return [partyIssue(maxParty)];
      return {
        type: "add-guest",
        name: form.name,
        email: form.email,
        party: form.party,
        waitlist: form.waitlist,
      };
    }),
  );

  app.post("/h/:hostToken/guests/:guestId/remove", host, formLimit, async (c) => {
    const guest = await guestOf(c);
    return act(c, guest.guestId, RemoveForm, (form) => ({
      type: "remove-guest",
      guestId: guest.guestId,
      notify: form.notify,
    }));
  });

  app.post("/h/:hostToken/guests/:guestId/admit", host, formLimit, async (c) => {
    const guest = await guestOf(c);
    return act(c, guest.guestId, AdmitForm, () => ({ type: "admit-guest", guestId: guest.guestId }));
  });

  app.post("/h/:hostToken/guests/:guestId/edit", host, formLimit, async (c) => {
    const guest = await guestOf(c);
    return act(c, guest.guestId, EditForm, (form) => {
      const maxParty = eventOf(c).settings.maxParty;
      if (form.party > maxParty && form.party !== guest.party) return [partyIssue(maxParty)];
      // Both as the form holds them: the keeper records only what differs (nothing: unchanged).
      return { type: "edit-guest", guestId: guest.guestId, name: form.name, party: form.party };
    });
  });
}
