import { describe, expect, it } from "vitest";
import { accents, palette } from "../../contracts/accent.ts";
import { EventDetails, EventEdit } from "../../contracts/event.ts";
import { pageStyle } from "../../producers/web/inline-assets.ts";

/** WCAG 2's contrast ratio of two `#rrggbb` colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, b] = (hex.match(/[0-9a-f]{2}/gi) ?? []).map((h) => {
      const v = Number.parseInt(h, 16) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** The page style's own background and surface, light (`:root`) and dark (its media query). */
function pageColours(scheme: "light" | "dark") {
  const root =
    scheme === "light" ? pageStyle.split("@media")[0]! : pageStyle.split("prefers-color-scheme: dark")[1]!;
  const of = (name: string) => new RegExp(`--${name}: (#[0-9a-f]{6})`).exec(root)![1]!;
  return { bg: of("bg"), surface: of("surface") };
}

describe("the accent palette", () => {
  it.each(accents.flatMap((a) => (["light", "dark"] as const).map((s) => [a, s] as const)))(
    "%s in %s meets WCAG AA: links on the page and cards, text on buttons, the colour on its tint",
    (accent, scheme) => {
      const c = palette[accent][scheme];
      const { bg, surface } = pageColours(scheme);
      expect(contrast(c.accent, bg)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(c.accent, surface)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(c.text, c.accent)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(c.accent, c.soft)).toBeGreaterThanOrEqual(4.5);
    },
  );

  it("the page style gives every accent but the default its colours, light and dark", () => {
    for (const accent of accents.filter((a) => a !== "indigo")) {
      expect(pageStyle).toContain(
        `html[data-accent="${accent}"] { --accent: ${palette[accent].light.accent};`,
      );
      expect(pageStyle).toContain(
        `  html[data-accent="${accent}"] { --accent: ${palette[accent].dark.accent};`,
      );
    }
    // The default is the style's own :root colour, so a page without the attribute looks as it always did.
    expect(pageStyle).toContain(`--accent: ${palette.indigo.light.accent};`);
  });

  it("events stored before the colour read as they were; an unknown colour is refused with the choices", () => {
    expect(EventDetails.parse({}).accent).toBeUndefined();
    expect(EventDetails.parse({ accent: "teal" }).accent).toBe("teal");
    const refused = EventEdit.safeParse({ accent: "pink" });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe(
      "must be one of: indigo, teal, green, orange, rose, plum, slate",
    );
  });
});
