import type { CatalogShape } from "../catalog.ts";
import type { cancel as en } from "../en/cancel.ts";

/** Die Seite des Links „Ich kann nicht kommen“ und die Plätze, die eine Stornierung freigibt, auf Deutsch. */
export const cancel: CatalogShape<typeof en> = {
  ask: "Du kannst nicht kommen, {{name}}?",
  seatsGoOn_one: "Dein Platz geht an die nächste Person in der Reihe.",
  seatsGoOn_other: "Deine {{count}} Plätze gehen an die nächsten Gäste in der Reihe.",
  seatsFreed_one: "Dein Platz ist wieder frei für jemand anderen.",
  seatsFreed_other: "Deine {{count}} Plätze sind wieder frei für andere.",
};
