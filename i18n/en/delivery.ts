/** What the host page says of emails that did not reach their guest, in English. */
export const delivery = {
  heading_one: "{{count}} email did not arrive",
  heading_other: "{{count}} emails did not arrive",
  intro: "Check these addresses with the guests, or reach them another way.",
  kind: {
    bounce: "bounced",
    complaint: "marked as spam",
    failed: "could not be delivered",
  },
};
