/**
 * The host page's "Copy link" button beside the registration link (producers/web/copy-link.ts), in English. The
 * button appears only where script runs; the live message under it says what came of the press.
 */
export const copyLink = {
  button: "Copy link",
  copied: "Copied",
  /** The browser would not copy (no clipboard access): the script selects the link for the host instead. */
  failed: "Couldn't copy. The link is selected: copy it from there.",
};
