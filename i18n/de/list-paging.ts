/** Die Gästeliste des Gastgebers in Seiten (AWS): siehe i18n/en/list-paging.ts. */
export const listPaging = {
  range: "Gäste {{from, number}}–{{to, number}}, in der Reihenfolge ihrer Anmeldung.",
  counts: "Auf der Liste: {{counts}}.",
  nav: "Seiten der Gästeliste",
  previous: "Vorherige {{count, number}}",
  next: "Nächste {{count, number}}",
  requestsHere:
    "Hier stehen die wartenden Anfragen dieser Seite; die übrigen stehen auf den Seiten, auf denen sie sich angemeldet haben.",
  export: {
    title: "Gästeliste herunterladen",
    intro_one:
      "Die Liste hat {{count, number}} Gast, zu viele für eine Datei: Lade sie in {{parts, number}} Teil herunter.",
    intro_other:
      "Die Liste hat {{count, number}} Gäste, zu viele für eine Datei: Lade sie in {{parts, number}} Teilen herunter.",
    each: "Jeder Teil ist eine CSV-Datei mit den Spaltenüberschriften, in der Reihenfolge der Anmeldungen; zusammen enthalten sie die ganze Liste.",
    part: "Teil {{n, number}}: Gäste {{from, number}}–{{to, number}}",
    back: "Zurück zur Gästeliste",
  },
};
