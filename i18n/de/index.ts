import { mail } from "./mail.ts";
import { pages } from "./pages.ts";

/** The German catalog. */
export const de = { pages, mail };
