import type { CatalogShape } from "../catalog.ts";
import type { leaving as en } from "../en/leaving.ts";

/**
 * Was die Seiten zum Stornieren, Absagen, Verlassen der Warteliste und Ablehnen vor dem Klick über die Plätze
 * sagen, auf Deutsch (per du), als Bedingung: Noch ist nichts geschehen.
 */
export const leaving: CatalogShape<typeof en> = {
  seatsGoOn_one:
    "Wenn du stornierst, geht dein Platz an die nächste Person in der Reihe. Du kannst dich später erneut anmelden, aber der Platz ist dann vielleicht vergeben.",
  seatsGoOn_other:
    "Wenn du stornierst, gehen deine {{count}} Plätze an die nächsten Gäste in der Reihe. Du kannst dich später erneut anmelden, aber die Plätze sind dann vielleicht vergeben.",
  seatsFree_one:
    "Wenn du stornierst, ist dein Platz wieder frei für jemand anderen. Du kannst dich später erneut anmelden, aber der Platz ist dann vielleicht vergeben.",
  seatsFree_other:
    "Wenn du stornierst, sind deine {{count}} Plätze wieder frei für andere. Du kannst dich später erneut anmelden, aber die Plätze sind dann vielleicht vergeben.",
  heldGoesOn_one:
    "Wenn du stornierst, geht der für dich reservierte Platz an die nächste Person in der Reihe. Du kannst dich später erneut anmelden, aber der Platz ist dann vielleicht vergeben.",
  heldGoesOn_other:
    "Wenn du stornierst, gehen die {{count}} für dich reservierten Plätze an die nächsten Gäste in der Reihe. Du kannst dich später erneut anmelden, aber die Plätze sind dann vielleicht vergeben.",
  heldFree_one:
    "Wenn du stornierst, ist der für dich reservierte Platz wieder frei für jemand anderen. Du kannst dich später erneut anmelden, aber der Platz ist dann vielleicht vergeben.",
  heldFree_other:
    "Wenn du stornierst, sind die {{count}} für dich reservierten Plätze wieder frei für andere. Du kannst dich später erneut anmelden, aber die Plätze sind dann vielleicht vergeben.",
  leaveWaitlist:
    "Wenn du die Warteliste verlässt, gibst du deinen Platz in der Reihe auf. Meldest du dich später erneut an, kommst du ans Ende der Reihe.",
  declineGoesOn:
    "Wenn du ablehnst, geht der Platz an die nächste Person in der Reihe. Du kannst dich später erneut anmelden, kommst dann aber ans Ende der Reihe.",
  declineFree:
    "Wenn du ablehnst, ist der Platz wieder frei für jemand anderen. Du kannst dich später erneut anmelden, solange Plätze frei sind.",
  declinedFree: "Der Platz ist wieder frei für jemand anderen.",
  /** Was die Seite nach einem angenommenen Platz als Nächstes ankündigt, auf Deutsch. */
  claimEmail: "Eine E-Mail, die deinen Platz bestätigt, ist auf dem Weg zu dir, mit dem Kalendereintrag.",
  /** Die Überschrift über „Platz annehmen“ oder „Ich komme“ auf der Seite der Anmeldung. */
  answerHeading: "Deine Antwort",
};
