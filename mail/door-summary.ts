import type { EventRecord } from "../contracts/event.ts";
import type { GuestRecord } from "../contracts/guest.ts";
import { noShowsOf } from "../core/check-in-decisions.ts";
import type { OutgoingEmail } from "../core/mail-ports.ts";
import { translator } from "../i18n/index.ts";
import { compose } from "./email-layout.ts";
import { whenText } from "./guest-email-parts.ts";

/** How many no-shows the summary names; more are counted, not listed (the guest list has them all). */
const namedNoShows = 30;

/**
 * The host's summary after the event, when the door checked guests in (docs/door.md): who arrived of those
 * expected, and the no-shows (confirmed guests nobody checked in), by name. It goes to the host address, once
 * per event (`key`), as the daily summaries do.
 */
export function afterEventSummaryEmail(input: {
  event: EventRecord;
  guests: readonly GuestRecord[];
  to: string;
  key: string;
}): OutgoingEmail {
  const { event, guests } = input;
  const t = translator(event.details.language);
  const noShows = noShowsOf(guests);
  const names = noShows.slice(0, namedNoShows).map((g) => g.name.trim() || g.email);
  const more = noShows.length - names.length;
  const arrived = { arrived: event.arrived ?? 0, expected: event.confirmed };
  return compose({
    kind: "daily-summary",
    key: input.key,
    event,
    guestId: null,
    to: input.to,
    subject: t("door.summary.subject", { event: event.name, ...arrived }),
    greeting: t("mail.common.helloNoName"),
    paragraphs: [
      t("door.summary.arrived", arrived),
      noShows.length === 0
        ? t("door.summary.allCame")
        : t("door.summary.noShows", {
            count: noShows.length,
            names:
              more > 0 ? `${names.join(", ")} ${t("door.summary.more", { count: more })}` : names.join(", "),
          }),
    ],
    facts: [[t("mail.common.when"), whenText(event)]],
    actions: [],
    footer: t("mail.summary.footer", { email: input.to, event: event.name }),
    replyTo: null,
  });
}
