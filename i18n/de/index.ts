import { accent } from "./accent.ts";
import { approval } from "./approval.ts";
import { cancel } from "./cancel.ts";
import { copyLink } from "./copy-link.ts";
import { delivery } from "./delivery.ts";
import { door } from "./door.ts";
import { hostExtras } from "./host-extras.ts";
import { hostHand } from "./host-hand.ts";
import { hostTools } from "./host-tools.ts";
import { lane } from "./lane.ts";
import { leaving } from "./leaving.ts";
import { linkWords } from "./link-words.ts";
import { listExport } from "./list-export.ts";
import { listPaging } from "./list-paging.ts";
import { listSearch } from "./list-search.ts";
import { mail } from "./mail.ts";
import { manageLink } from "./manage-link.ts";
import { misc } from "./misc.ts";
import { pages } from "./pages.ts";
import { party } from "./party.ts";
import { partyOffer } from "./party-offer.ts";
import { poster } from "./poster.ts";
import { questions } from "./questions.ts";
import { reconfirm } from "./reconfirm.ts";
import { signedUp } from "./signed-up.ts";
import { trust } from "./trust.ts";
import { waitlistLeft } from "./waitlist-left.ts";
import { wayBack } from "./way-back.ts";
import { webErrors } from "./web-errors.ts";

/** The German catalog. */
export const de = {
  pages,
  mail,
  lane,
  delivery,
  approval,
  hostHand,
  party,
  door,
  trust,
  questions,
  webErrors,
  hostExtras,
  reconfirm,
  misc,
  cancel,
  linkWords,
  partyOffer,
  listPaging,
  hostTools,
  leaving,
  listSearch,
  waitlistLeft,
  copyLink,
  manageLink,
  accent,
  poster,
  wayBack,
  signedUp,
  listExport,
};
