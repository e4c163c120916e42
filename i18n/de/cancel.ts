import type { CatalogShape } from "../catalog.ts";
import type { cancel as en } from "../en/cancel.ts";

/** Die Seite des Links „Ich kann nicht kommen“ und die Plätze, die eine Stornierung freigibt, auf Deutsch. */
export const cancel: CatalogShape<typeof en> = {
  ask: "Du kannst nicht kommen, {{name}}?",
  seatsConsequence_one:
    "Dein Platz geht an die nächste Person in der Reihe. Wenn du es dir anders überlegst, kannst du dich erneut anmelden, aber der Platz ist dann vielleicht vergeben.",
  seatsConsequence_other:
    "Deine {{count}} Plätze gehen an die nächsten Gäste in der Reihe. Wenn du es dir anders überlegst, kannst du dich erneut anmelden, aber die Plätze sind dann vielleicht vergeben.",
  heldConsequence_one:
    "Der für dich reservierte Platz geht an die nächste Person in der Reihe. Wenn du es dir anders überlegst, kannst du dich erneut anmelden, aber der Platz ist dann vielleicht vergeben.",
  heldConsequence_other:
    "Die {{count}} für dich reservierten Plätze gehen an die nächsten Gäste in der Reihe. Wenn du es dir anders überlegst, kannst du dich erneut anmelden, aber die Plätze sind dann vielleicht vergeben.",
  seatsGoOn_one: "Dein Platz geht an die nächste Person in der Reihe.",
  seatsGoOn_other: "Deine {{count}} Plätze gehen an die nächsten Gäste in der Reihe.",
  seatsFreed_one: "Dein Platz ist wieder frei für jemand anderen.",
  seatsFreed_other: "Deine {{count}} Plätze sind wieder frei für andere.",
};
