import type { Hono } from "hono";
import { eventEnd } from "../../contracts/event.ts";
import { thankYouModeOf } from "../../core/thank-you.ts";
import { thankYouRecipients } from "../../core/thank-you-recipients.ts";
import { ApproveThanksForm, readHostForm, ThanksSettingsForm } from "./host-forms.ts";
import type { HostEnv, HostRouteDeps, HostRouteKit } from "./host-routes.ts";
import { thanksPage } from "./thanks-pages.ts";

/** The thank-you note's routes: its page, its settings before the event, the approval of its draft after. */
export function thanksRoutes(app: Hono<HostEnv>, deps: HostRouteDeps, kit: HostRouteKit): void {
  const { host, formLimit, eventOf, base, formIdFor, noticeOf, enqueue } = kit;

  app.get("/h/:hostToken/thanks", host, async (c) => {
    const event = eventOf(c);
    c.header("Cache-Control", "no-store");
    return c.html(
      thanksPage({
        eventName: event.name,
        language: event.details.language,
        base: base(c),
        notice: await noticeOf(c),
        mode: thankYouModeOf(event),
        endsAt: eventEnd(event).toISOString(),
        timeZone: event.timeZone,
        notes: event.thankYouNotes ?? "",
        thankYou: event.thankYou ?? null,
        // Who it goes to, counted only where the page says the number (a draft waiting for approval).
        confirmed:
          event.thankYou?.status === "drafted"
            ? thankYouRecipients(event, await deps.reader.listGuests(event.eventId)).length
            : event.confirmed,
        onlyArrived: event.settings.thanksOnlyArrived,
        formId: formIdFor(c),
      }),
    );
  });

  app.post("/h/:hostToken/thanks/settings", host, formLimit, async (c) => {
    const form = await readHostForm(c.req, ThanksSettingsForm);
    return enqueue(c, { type: "set-thank-you", mode: form.mode, notes: form.notes }, form.formId, "/thanks");
  });

  app.post("/h/:hostToken/thanks/approve", host, formLimit, async (c) => {
    const form = await readHostForm(c.req, ApproveThanksForm, { body: "note" });
    // The keeper approves only a drafted note, once; a second approval (another tab, the CLI) changes nothing.
    return enqueue(c, { type: "approve-thanks", body: form.body }, form.formId, "/thanks");
  });
}
