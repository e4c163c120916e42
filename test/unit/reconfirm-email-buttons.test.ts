import { describe, expect, it } from "vitest";
import type { EventRecord } from "../../contracts/event.ts";
import { reconfirmEmail } from "../../mail/reconfirm-email.ts";
import { fakeClock, newEvent } from "../helpers/factories.ts";
import { guestOf } from "../helpers/guest-fixtures.ts";
import { testKeyring, testLinkMinter } from "../helpers/link-minter.ts";

/**
 * The "Still coming?" email asks one question with two answers: "I can't come" is a button as easy to tap as
 * "Yes, I'm coming" (DESIGN.md: touch targets of 44 px and more), not a small text link under it.
 */

const links = testLinkMinter(testKeyring(), fakeClock());

function ask(language: "en" | "de") {
  const base = newEvent({
    settings: { ...newEvent().settings, reconfirm: { daysBefore: 2, onNoAnswer: "keep", answerHours: 24 } },
  });
  const event: EventRecord = { ...base, details: { ...base.details, language } };
  return reconfirmEmail({ event, guest: guestOf(event, "confirmed"), links, key: "k", replyTo: () => null });
}

/** The table a label's link sits in, from its opening `<table` to the link's text. */
function buttonAround(html: string, label: string): string {
  const at = html.indexOf(`${label}</a>`);
  expect(at).toBeGreaterThan(-1);
  return html.slice(html.lastIndexOf("<table", at), at);
}

describe('the "Still coming?" email', () => {
  for (const [language, yes, no] of [
    ["en", "Yes, I&#39;m coming", "I can&#39;t come"],
    ["de", "Ja, ich komme", "Ich kann nicht kommen"],
  ] as const)
    it(`${language}: draws "${no}" as a second button, at least 44 px to tap, beside the filled "yes"`, () => {
      const { html, text } = ask(language);
      const yesButton = buttonAround(html, yes);
      expect(yesButton).toContain('class="rs-button"');
      const noButton = buttonAround(html, no);
      // Its own button table, outlined, full width on a phone like the main one (.rs-button).
      expect(noButton).toContain('class="rs-button rs-button-outline"');
      expect(noButton).toMatch(/border:2px solid #[0-9a-f]{6}/);
      // 12 px + 20 px line + 12 px, inside a 2 px border: 48 px tall.
      expect(noButton).toContain("padding:12px 24px");
      expect(noButton).toContain("line-height:20px");
      expect(noButton).toContain("display:inline-block");
      // The plain-text part: each answer on its own line, with its link on the next.
      const plainNo = language === "en" ? "I can't come:" : "Ich kann nicht kommen:";
      expect(text).toMatch(new RegExp(`${plainNo}\\nhttps?://\\S+/l/not-coming/`));
    });
});
