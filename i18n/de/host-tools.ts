import type { CatalogShape } from "../catalog.ts";
import type { hostTools as en } from "../en/host-tools.ts";

/** Die Aktionen der Gastgeberseite auf Deutsch: ihre Gruppen und der Hinweis unter jeder (per du). */
export const hostTools: CatalogShape<typeof en> = {
  groups: {
    guests: "Deine Gäste",
    messages: "Nachrichten",
    door: "An der Tür",
    event: "Die Veranstaltung",
  },
  hints: {
    guestList: "Alle, die sich angemeldet haben. Einem Gast seinen Link erneut senden.",
    csv: "Die ganze Liste als Datei für eine Tabellenkalkulation.",
    import: "Gäste aus einer CSV-Datei hinzufügen, etwa aus einer Tabelle exportiert.",
    ask: "„Wie viele stehen auf der Warteliste?“ „Wer hat diese Woche abgesagt?“",
    message: "Eine E-Mail an alle Gäste mit Platz.",
    thanks: "Nach der Veranstaltung: wie entworfen gesendet oder von dir freigegeben.",
    door: "Ein Link für deine Helfer an der Tür: Gäste per Code oder Name einchecken.",
    edit: "Name, Datum, Ort, Plätze, Erinnerungen und mehr.",
    audit: "Jede Änderung: wer, wann, von → zu.",
  },
};
