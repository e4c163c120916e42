import { door } from "./door.ts";
import { lane } from "./lane.ts";
import { mail } from "./mail.ts";
import { pages } from "./pages.ts";

/** The German catalog. */
export const de = { pages, mail, lane, door };
