import { html } from "hono/html";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import type { Outcome } from "../../contracts/outcome.ts";
import { holdsSeat, seatsOf } from "../../core/seat-rules.ts";
import { eventLine, type Translate, wordsFor } from "./event-view.ts";
import type { Message } from "./link-outcome-pages.ts";
import { backToEvent } from "./link-status.ts";
import { type Html, layout } from "./pages.ts";

/**
 * The party page a guest's manage page links to (docs/parties.md, "Changing a party"): their party as it stands,
 * the rule in two sentences, a choice of sizes and ONE button. Opening it changes nothing; only the button's
 * POST asks the keeper. Also the offer page's choice of seats (a partial accept).
 */

const noindex = html`<meta name="robots" content="noindex">`;

/** "3 seats" in the event's language. */
export const seatsText = (t: Translate, count: number) => t("party.seats", { count });

/** Whether the guest has a party that can change now, and if not, the words for why not. */
export function partyChoice(event: EventRecord, guest: GuestRecord): Message | null {
  const { t } = wordsFor(event);
  if (guest.status === "cancelled" || guest.status === "lapsed")
    return { title: t("party.notRegistered"), message: t("party.notRegisteredText") };
  if (event.settings.maxParty <= 1 && seatsOf(guest) <= 1)
    return { title: t("party.onePerGuest"), message: t("party.onePerGuestText") };
  return null;
}

/** The `<select>` of 1..max seats, `selected` chosen; labelled and described for screen readers. */
export function seatsSelect(p: {
  name: string;
  label: string;
  hint: string;
  max: number;
  selected: number;
}): Html {
  const options = Array.from({ length: p.max }, (_, i) => {
    const n = i + 1;
    return n === p.selected
      ? html`<option value="${n}" selected>${n}</option>`
      : html`<option value="${n}">${n}</option>`;
  });
  return html`<label for="${p.name}">${p.label}</label>
<span class="note" id="${p.name}-hint">${p.hint}</span>
<select id="${p.name}" name="${p.name}" aria-describedby="${p.name}-hint">${options}</select>`;
}

/** The page of the party link: where the guest stands, the rule, and the form. */
export function partyPage(p: { event: EventRecord; guest: GuestRecord; postPath: string }): Html {
  const { event, guest } = p;
  const { lang, t } = wordsFor(event);
  const stop = partyChoice(event, guest);
  const party = seatsOf(guest);
  const heading = stop ? stop.title : t("party.heading", { name: guest.name });
  const where = holdsSeat(guest.status)
    ? t("party.holding", { count: party })
    : t("party.asking", { count: party });
  const rules =
    guest.status === "waitlisted"
      ? [t("party.lineRule")]
      : guest.status === "pending"
        ? [t("party.pendingRule")]
        : [t("party.lowerRule"), t("party.raiseRule")];
  // A party above a since-lowered limit can still choose its own size (lower only, in effect).
  const max = Math.max(event.settings.maxParty, party);
  const body = stop
    ? html`<p><strong>${stop.message}</strong></p>`
    : html`<p>${where}</p>
<ul>${rules.map((r) => html`<li>${r}</li>`)}</ul>
<form method="post" action="${p.postPath}">
${seatsSelect({ name: "party", label: t("party.field"), hint: t("party.fieldHint", { count: event.settings.maxParty }), max, selected: party })}
<button type="submit">${t("party.button")}</button>
</form>
<p class="note">${t("pages.link.nothingChangesUntil")}</p>`;
  return layout(
    heading,
    html`${eventLine(event)}
<h1>${heading}</h1>
${body}
${backToEvent(event, t)}`,
    noindex,
    { lang, accent: event.details.accent },
  );
}

/** What came of a party change, for the guest who asked (`guest` as they stand now). */
export function partyOutcomeMessage(outcome: Outcome, guest: GuestRecord, event: EventRecord): Message {
  const { t } = wordsFor(event);
  switch (outcome.kind) {
    case "party-changed": {
      const title = t("party.changed", { to: seatsText(t, outcome.to) });
      if (outcome.seatsReleased > 0)
        return { title, message: t("party.changedLower", { count: outcome.seatsReleased }) };
      if (guest.status === "waitlisted") return { title, message: t("party.changedLine") };
      if (guest.status === "pending") return { title, message: t("party.changedPending") };
      return { title, message: outcome.to > outcome.from ? t("party.changedRaise") : "" };
    }
    case "party-kept": {
      const title = t("party.kept", { party: seatsText(t, outcome.party) });
      const message = {
        "no-seats": t("party.keptNoSeats"),
        "party-too-large": t("party.keptTooLarge", { max: seatsText(t, event.settings.maxParty) }),
        "not-registered": t("party.keptNotRegistered"),
        "event-started": t("party.keptStarted"),
      }[outcome.reason];
      return { title, message };
    }
    case "unchanged":
      return {
        title: t("party.unchanged"),
        message: t("party.unchangedText", { party: seatsText(t, seatsOf(guest)) }),
      };
    default:
      return { title: t("pages.link.notOnList"), message: t("pages.link.notOnListText") };
  }
}
