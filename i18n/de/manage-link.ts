/** Die Verwaltungsseite des Gastes über den Link „Deine Anmeldung verwalten“ der E-Mails: siehe i18n/en/manage-link.ts. */
export const manageLink = {
  nameButton: "Deinen Namen korrigieren",
};
