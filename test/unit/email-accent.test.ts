import { describe, expect, it } from "vitest";
import { confirmedEmail, offeredEmail } from "../../mail/messages.ts";
import { pageStyle } from "../../producers/web/inline-assets.ts";
import { fakeClock, newEvent } from "../helpers/factories.ts";
import { guestOf } from "../helpers/guest-fixtures.ts";
import { testKeyring, testLinkMinter } from "../helpers/link-minter.ts";

/**
 * The emails wear the pages' accent (DESIGN.md: one accent colour): the button a guest taps in the email is the
 * same indigo as the buttons of the page it opens, in light mode and in a mail client's dark mode.
 */

/** The pages' `--name` in the light `:root` block and in the dark one. */
function pageVariable(name: string): { light: string; dark: string } {
  const [light, dark] = [...pageStyle.matchAll(new RegExp(`--${name}: (#[0-9a-f]{6});`, "g"))].map(
    (m) => m[1],
  );
  return { light: light!, dark: dark! };
}

const links = testLinkMinter(testKeyring(), fakeClock());
const event = newEvent({ eventId: "ev-accent", name: "Winter Party" });
const input = (status: "confirmed" | "offered") => {
  const guest = guestOf(event, status, {
    guestId: "g-ana",
    ...(status === "offered"
      ? {
          offer: {
            offeredAt: "2026-12-20T10:00:00.000Z",
            deliverAt: "2026-12-20T10:00:00.000Z",
            expiresAt: "2026-12-20T16:00:00.000Z",
          },
        }
      : {}),
  });
  return { event, guest, links, key: `${guest.guestId}/${guest.version}`, replyTo: () => null };
};

describe("the emails' accent", () => {
  const accent = pageVariable("accent");
  const onAccent = pageVariable("accent-text");

  it("the main button is filled with the pages' accent, with the pages' text colour on it", () => {
    const html = confirmedEmail(input("confirmed")).html;
    expect(html).toMatch(
      new RegExp(
        `bgcolor="${accent.light}"[^>]*>\\s*<a href="[^"]+"[^>]*color:${onAccent.light};[^>]*>Manage your RSVP</a>`,
      ),
    );
    expect(html).not.toContain("#1d4ed8");
  });

  it("links and the outlined second answer use the same accent", () => {
    const html = offeredEmail(input("offered")).html;
    expect(html).toMatch(new RegExp(`<a href="[^"]+" style="color:${accent.light}">Decline the seat</a>`));
    expect(html).toContain(`a { color: ${accent.light}; }`);
  });

  it("in a client's dark mode the button, its text and the links take the pages' dark accent", () => {
    const html = confirmedEmail(input("confirmed")).html;
    const dark = html.slice(html.indexOf("@media (prefers-color-scheme: dark)"));
    expect(dark).toContain(`.rs-text .rs-fill { background: ${accent.dark} !important; }`);
    expect(dark).toContain(`.rs-text .rs-button a { color: ${onAccent.dark} !important;`);
    expect(dark).toContain(`.rs-text a, .rs-muted a { color: ${accent.dark} !important; }`);
    expect(html).toMatch(/<td align="center" bgcolor="[^"]+" class="rs-fill"/);
  });
});
