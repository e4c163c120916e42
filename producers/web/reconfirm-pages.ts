import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import type { Outcome } from "../../contracts/outcome.ts";
import type { Translate } from "./event-view.ts";
import type { LinkChoice } from "./link-choice-pages.ts";
import type { Message } from "./link-outcome-pages.ts";

/**
 * The words of the "still coming?" link pages (docs/reconfirm.md): what each of the two links offers the guest
 * as they stand now, and what came of a press of "yes". A press of "no" is a cancel, and says what a cancel
 * says (link-choice-pages.ts, link-outcome-pages.ts).
 */

/** What the page of a `still-coming` link offers a guest (a `not-coming` link is a cancel: link-choice-pages.ts). */
export function reconfirmChoice(guest: GuestRecord, t: Translate): LinkChoice {
  const name = guest.name;
  if (guest.status !== "confirmed")
    return guest.status === "cancelled"
      ? {
          applies: false,
          heading: t("pages.link.alreadyCancelled"),
          message: t("pages.link.alreadyCancelledText"),
        }
      : {
          applies: false,
          heading: t("reconfirm.pages.notConfirmed"),
          message: t("pages.link.noLongerApplies"),
        };
  if (guest.reconfirmedAt)
    return {
      applies: false,
      heading: t("reconfirm.pages.alreadyAnswered"),
      message: t("reconfirm.pages.alreadyAnsweredText"),
    };
  return {
    applies: true,
    heading: t("reconfirm.pages.stillComingHeading", { name }),
    consequence: t("reconfirm.pages.stillComingConsequence"),
    button: t("reconfirm.pages.stillComingButton"),
  };
}

/** What came of pressing "yes, I'm coming"; null for any outcome the shared words already cover. */
export function reconfirmOutcome(outcome: Outcome, _event: EventRecord, t: Translate): Message | null {
  if (outcome.kind === "reconfirmed")
    return { title: t("reconfirm.pages.reconfirmed"), message: t("reconfirm.pages.reconfirmedText") };
  if (outcome.kind === "unchanged")
    return { title: t("reconfirm.pages.alreadyAnswered"), message: t("reconfirm.pages.alreadyAnsweredText") };
  return null;
}
