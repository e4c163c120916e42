/** The host's poster of the event (producers/web/poster-page.ts): a QR code of the register link, in English. */
export const poster = {
  link: "Poster with QR code",
  hint: "Print it or show it on a screen: people scan it to RSVP.",
  title: "Poster: {{event}}",
  scan: "Scan to RSVP",
  qrLabel: "QR code of the RSVP page for {{event}}",
  howTo: "Print this page with your browser's Print, or show it on a screen. Only the poster is printed.",
  back: "Back to the host page",
};
