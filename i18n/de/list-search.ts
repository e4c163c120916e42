/** Die Suche in der Gästeliste des Gastgebers: siehe i18n/en/list-search.ts. */
export const listSearch = {
  label: "Gast nach Name oder E-Mail finden",
  button: "Suchen",
  found:
    "Gäste {{from, number}}–{{to, number}}, deren Name oder E-Mail „{{words}}“ enthält, in der Reihenfolge ihrer Anmeldung.",
  count_one: "{{count, number}} Gast, dessen Name oder E-Mail „{{words}}“ enthält.",
  count_other:
    "{{count, number}} Gäste, deren Name oder E-Mail „{{words}}“ enthält, in der Reihenfolge ihrer Anmeldung.",
  none: "Kein Gast passt zu „{{words}}“.",
  whole: "Ganze Liste zeigen",
};
