import * as z from "zod";

/**
 * The languages rsvp speaks: every page, email and calendar text comes from the catalog of the event's language
 * (i18n/). Adding one is adding its catalog folder and its code here.
 */
export const languages = ["en", "de"] as const;
export const Language = z.enum(languages);
export type Language = z.infer<typeof Language>;

/** The language of events that chose none. */
export const defaultLanguage: Language = "en";
