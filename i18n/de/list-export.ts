/** Die Gästeliste als eine Datei (AWS): siehe i18n/en/list-export.ts. */
export const listExport = {
  offer:
    "Oder hol dir die ganze Liste als eine Datei: Sie wird für dich vorbereitet und einen Tag lang aufbewahrt.",
  prepare: "Eine Datei vorbereiten",
  title: "Die Gästeliste als eine Datei",
  ready:
    "Die Datei ist fertig: alle Gäste der Liste, mit den Spaltenüberschriften, in der Reihenfolge der Anmeldungen.",
  download: "Gästeliste herunterladen (CSV)",
  expires:
    "Dieser Link gilt {{minutes, number}} Minuten; lade die Seite neu für einen frischen. Die Datei wird nach einem Tag gelöscht.",
  back: "Zurück zum Download",
};
