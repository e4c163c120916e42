/**
 * The guest list as one file on AWS: the page of parts offers to prepare it (written to S3), and the page
 * that then links to it for a short while (producers/web/guest-list-export.ts).
 */
export const listExport = {
  offer: "Or get the whole list as one file: it is prepared for you and kept for a day.",
  prepare: "Prepare one file",
  title: "The guest list as one file",
  ready:
    "The file is ready: every guest on the list, with the column headings, in the order they registered.",
  download: "Download the guest list (CSV)",
  expires:
    "This link works for {{minutes, number}} minutes; reload this page for a fresh one. The file is deleted after a day.",
  back: "Back to the download",
};
