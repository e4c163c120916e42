import { describe, expect, it } from "vitest";
import { de } from "../../i18n/de/index.ts";

/** Every string of a catalog, with its key path, however deeply the catalog nests. */
function strings(value: unknown, path = ""): [string, string][] {
  if (typeof value === "string") return [[path, value]];
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([key, inner]) => strings(inner, path ? `${path}.${key}` : key));
  return [];
}

/**
 * The formal address: a possessive or dative "Ihr…"/"Ihnen", or "Sie" right after a verb ("Öffnen Sie",
 * "können Sie"). A "Sie" that means "it" or "they" ("Sie zeigt die Links aller Gäste") starts a clause instead.
 */
const formal = /\b(Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihres|Ihnen)\b|\b\p{L}+en Sie\b|\(hoffentlich Sie\)/u;

describe("the German catalogs", () => {
  it("address guests and hosts as du on every page and in every email, never as Sie", () => {
    const formalOnes = strings(de).filter(([, text]) => formal.test(text));
    expect(formalOnes).toEqual([]);
  });

  it("use du in the words a guest reads first: the RSVP form, the cancel page, the offer", () => {
    expect(de.pages.register.formHeading).toBe("Deine Anmeldung");
    expect(de.cancel.ask).toBe("Du kannst nicht kommen, {{name}}?");
    expect(de.pages.link.claimHeading_other).toBe("{{count}} Plätze warten auf dich, {{name}}");
  });
});
