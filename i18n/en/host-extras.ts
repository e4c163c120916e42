/**
 * What the host and the instance's owner read, added after the host-pages catalog: the admin form's party
 * fields and date/time hints, its "being saved" notice, and party counts on the host page and in the daily
 * summary. Plurals: `key_one` / `key_other` with `{{count}}`.
 */
export const hostExtras = {
  form: {
    maxParty: "Seats one registration may take (the guest included)",
    maxPartyHint: "1 to {{max}}. Above 1, the register form asks how many seats.",
    maxPartyError: "Enter a whole number of seats from 1 to {{max}}.",
    smallerPartiesFirst:
      "When freed seats are too few for the first party in line, offer them to the next party that fits",
  },
};
