import { describe, expect, it } from "vitest";
import { type Accent, accents, palette } from "../../contracts/accent.ts";
import type { EventRecord } from "../../contracts/event.ts";
import { confirmedEmail, offeredEmail } from "../../mail/messages.ts";
import { pageStyle } from "../../producers/web/inline-assets.ts";
import { fakeClock, newEvent } from "../helpers/factories.ts";
import { guestOf } from "../helpers/guest-fixtures.ts";
import { testKeyring, testLinkMinter } from "../helpers/link-minter.ts";

/**
 * The emails wear their event's colour, the pages' own (DESIGN.md: one accent colour, from a small palette):
 * the button a guest taps in the email has the colour of the buttons of the page it opens, in light mode and
 * in a mail client's dark mode. An event with no colour of its own is indigo, as its pages are.
 */

const links = testLinkMinter(testKeyring(), fakeClock());
const eventOf = (accent?: Accent): EventRecord => {
  const base = newEvent({ eventId: "ev-accent", name: "Winter Party" });
  return { ...base, details: { ...base.details, ...(accent ? { accent } : {}) } };
};
const offer = {
  offeredAt: "2026-12-20T10:00:00.000Z",
  deliverAt: "2026-12-20T10:00:00.000Z",
  expiresAt: "2026-12-20T16:00:00.000Z",
};
const input = (event: EventRecord, status: "confirmed" | "offered") => {
  const guest = guestOf(event, status, { guestId: "g-ana", ...(status === "offered" ? { offer } : {}) });
  return { event, guest, links, key: `${guest.guestId}/${guest.version}`, replyTo: () => null };
};

/** The style block's dark-mode part. */
const darkPart = (html: string) => html.slice(html.indexOf("@media (prefers-color-scheme: dark)"));

describe("the emails' accent", () => {
  for (const accent of accents) {
    const { light, dark } = palette[accent];
    it(`an event in ${accent}: the button, its text and the links in light, and in a client's dark mode`, () => {
      const html = confirmedEmail(input(eventOf(accent), "confirmed")).html;
      expect(html).toMatch(
        new RegExp(
          `bgcolor="${light.accent}"[^>]*>\\s*<a href="[^"]+"[^>]*color:${light.text};[^>]*>Manage your RSVP</a>`,
        ),
      );
      expect(html).toContain(`a { color: ${light.accent}; }`);
      expect(darkPart(html)).toContain(`.rs-text .rs-fill { background: ${dark.accent} !important; }`);
      expect(darkPart(html)).toContain(`.rs-text .rs-button a { color: ${dark.text} !important;`);
      expect(darkPart(html)).toContain(`.rs-text a, .rs-muted a { color: ${dark.accent} !important; }`);
      const offered = offeredEmail(input(eventOf(accent), "offered")).html;
      expect(offered).toMatch(
        new RegExp(`<a href="[^"]+" style="color:${light.accent}">Decline the seat</a>`),
      );
    });
  }

  it("an event with no colour of its own is indigo, the pages' default; no blue of the emails' own", () => {
    const html = confirmedEmail(input(eventOf(), "confirmed")).html;
    const [pageLight, pageDark] = [...pageStyle.matchAll(/--accent: (#[0-9a-f]{6});/g)].map((m) => m[1]);
    expect(pageLight).toBe(palette.indigo.light.accent);
    expect(pageDark).toBe(palette.indigo.dark.accent);
    expect(html).toMatch(new RegExp(`<td align="center" bgcolor="${pageLight}" class="rs-fill"`));
    expect(darkPart(html)).toContain(`background: ${pageDark} !important`);
    expect(html).not.toContain("#1d4ed8");
    expect(html).not.toContain("#93c5fd");
  });
});
