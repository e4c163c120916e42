import type { CatalogShape } from "../catalog.ts";
import type { cancel as en } from "../en/cancel.ts";

/** Die Seite des Links „Ich kann nicht kommen“ und die Plätze, die eine Stornierung freigibt, auf Deutsch. */
export const cancel: CatalogShape<typeof en> = {
  ask: "Sie können nicht kommen, {{name}}?",
  seatsConsequence_one:
    "Ihr Platz geht an die nächste Person in der Reihe. Wenn Sie es sich anders überlegen, können Sie sich erneut anmelden, aber der Platz ist dann vielleicht vergeben.",
  seatsConsequence_other:
    "Ihre {{count}} Plätze gehen an die nächsten Gäste in der Reihe. Wenn Sie es sich anders überlegen, können Sie sich erneut anmelden, aber die Plätze sind dann vielleicht vergeben.",
  heldConsequence_one:
    "Der für Sie reservierte Platz geht an die nächste Person in der Reihe. Wenn Sie es sich anders überlegen, können Sie sich erneut anmelden, aber der Platz ist dann vielleicht vergeben.",
  heldConsequence_other:
    "Die {{count}} für Sie reservierten Plätze gehen an die nächsten Gäste in der Reihe. Wenn Sie es sich anders überlegen, können Sie sich erneut anmelden, aber die Plätze sind dann vielleicht vergeben.",
  seatsGoOn_one: "Ihr Platz geht an die nächste Person in der Reihe.",
  seatsGoOn_other: "Ihre {{count}} Plätze gehen an die nächsten Gäste in der Reihe.",
};
