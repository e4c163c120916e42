import * as z from "zod";

/**
 * The event's colour (DESIGN.md: "one accent colour, the host may pick one from a small palette"): its pages'
 * buttons, links and top bar, and its emails' button. Indigo unless the host picks another.
 */
export const accents = ["indigo", "teal", "green", "orange", "rose", "plum", "slate"] as const;
export const Accent = z.enum(accents, { message: `must be one of: ${accents.join(", ")}` });
export type Accent = z.infer<typeof Accent>;
export const defaultAccent: Accent = "indigo";

/** One scheme of an accent: the colour, the text on it, and its soft tint (tiles, badges). */
export interface AccentColours {
  accent: string;
  text: string;
  soft: string;
}

/**
 * The palette, light and dark. Each pair meets WCAG AA (4.5:1) for the colour on the page's background and
 * surface, the text on the colour, and the colour on its tint, in both schemes (test/unit/accent.test.ts).
 */
export const palette: Record<Accent, { light: AccentColours; dark: AccentColours }> = {
  indigo: {
    light: { accent: "#3b42c4", text: "#ffffff", soft: "#eceefe" },
    dark: { accent: "#a9b0ff", text: "#14143a", soft: "#272a4d" },
  },
  teal: {
    light: { accent: "#0b6b6b", text: "#ffffff", soft: "#e0f3f2" },
    dark: { accent: "#6fd6d0", text: "#062a29", soft: "#173634" },
  },
  green: {
    light: { accent: "#2e6b1f", text: "#ffffff", soft: "#e6f2df" },
    dark: { accent: "#9bd67f", text: "#14290c", soft: "#1f3318" },
  },
  orange: {
    light: { accent: "#a8430a", text: "#ffffff", soft: "#fbeadf" },
    dark: { accent: "#ffae7a", text: "#3a1703", soft: "#3b2416" },
  },
  rose: {
    light: { accent: "#b0234f", text: "#ffffff", soft: "#fbe6ec" },
    dark: { accent: "#ff9bb8", text: "#3d0a1b", soft: "#3d1c27" },
  },
  plum: {
    light: { accent: "#7b3aa6", text: "#ffffff", soft: "#f3e8fb" },
    dark: { accent: "#d3a6ff", text: "#2c0e40", soft: "#33223f" },
  },
  slate: {
    light: { accent: "#3f5166", text: "#ffffff", soft: "#e8edf2" },
    dark: { accent: "#b4c3d6", text: "#17202b", soft: "#262d36" },
  },
};
