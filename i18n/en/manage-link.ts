/**
 * The guest's manage page as the emails' "Manage your RSVP" link opens it (producers/web/manage-link-routes.ts):
 * the words it adds to the status page's (pages.status.*).
 */
export const manageLink = {
  /** The button to the guest's own name correction (`/name/manage/<token>`). */
  nameButton: "Correct your name",
};
