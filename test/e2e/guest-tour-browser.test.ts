import { DateTime } from "luxon";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { EventRecord } from "../../contracts/event.ts";
import type { Language } from "../../contracts/language.ts";
import { createEventRecord } from "../../core/event-factory.ts";
import { hashHostToken, mintHostToken } from "../../core/host-token.ts";
import {
  axeViolations,
  browserScenario,
  overflowsSideways,
  photograph,
} from "../helpers/browser-scenario.ts";
import { chromiumAvailable } from "../helpers/chromium.ts";

/**
 * A guest's pages and the confirmation email in German on a phone (390 px), where nobody waits in line: the
 * register form and its confirmation, the cancel page and the page after it (the seat is free again: no "next
 * person in line" who does not exist), the email as a client shows it, and the offer claim page once someone
 * does wait. Every page passes axe light and dark and never scrolls sideways. With RSVP_SCREENSHOTS set, each is
 * photographed at 390 and 1280 px, light and dark.
 */
describe.skipIf(!chromiumAvailable())("a guest's pages and email in German", () => {
  const site = browserScenario("guest-tour");

  async function party(language: Language, capacity: number): Promise<EventRecord> {
    const start = DateTime.now().setZone("Europe/Berlin").plus({ days: 30 }).set({ hour: 19, minute: 0 });
    const event = createEventRecord(
      {
        eventId: `tour-${language}-${Date.now()}`,
        name: language === "de" ? "Winterfest" : "Winter Party",
        startsAtLocal: start.toFormat("yyyy-MM-dd'T'HH:mm"),
        endsAtLocal: start.plus({ hours: 4 }).toFormat("yyyy-MM-dd'T'HH:mm"),
        timeZone: "Europe/Berlin",
        capacity,
        hostTokenHash: hashHostToken(mintHostToken()),
        settings: { quietHours: { start: "00:00", end: "00:00" } },
        details: {
          language,
          description: "Glühwein, ein Feuer im Hof und ein kurzes Quiz um neun.",
          location: {
            place: "Café Lima",
            address: "Torstraße 1, 10119 Berlin",
            onlineUrlConfirmedOnly: false,
          },
          hostName: "Ana Lima",
        },
      },
      new Date(),
    );
    await site.runtime().store.createEvent(event);
    return event;
  }

  /** An email has no landmarks of its own: the mail client's page around it has them. */
  const emailSkip = ["landmark-one-main", "region"] as const;
  const checked = async (page: Page, name: string, skip: readonly string[] = []) => {
    expect(await overflowsSideways(page), `${name} scrolls sideways`).toBe(false);
    expect(await axeViolations(page, { skip }), name).toEqual([]);
    await photograph(page, name);
  };

  /** The newest email to `to`, as a mail client would show it, on a page of its own at phone width. */
  async function emailTo(to: string, subject: RegExp): Promise<Page> {
    const runtime = site.runtime();
    await runtime.idle();
    const outbox = await site.screen(1280);
    await outbox.goto(`${runtime.url}/outbox/${runtime.adminToken}`);
    await outbox
      .getByRole("row")
      .filter({ hasText: to })
      .getByRole("link", { name: subject })
      .first()
      .click();
    const srcdoc = await outbox.locator("iframe").getAttribute("srcdoc");
    await outbox.context().close();
    const mail = await site.phone();
    await mail.setContent(srcdoc!);
    return mail;
  }

  it("registers, reads the email, cancels with nobody waiting, and claims an offered seat", async () => {
    const runtime = site.runtime();
    const event = await party("de", 1);
    const ana = await site.phone({ locale: "de-DE" });
    await ana.goto(`${runtime.url}/e/${event.eventId}`);
    await ana.getByRole("heading", { name: "Winterfest", level: 1 }).waitFor();
    await checked(ana, "de-register");
    // On a desktop too, the card's one button spans the card, as on a phone.
    await ana.setViewportSize({ width: 1280, height: 900 });
    const button = await ana.getByRole("button", { name: "Anmelden" }).boundingBox();
    const field = await ana.getByLabel("Dein Name").boundingBox();
    expect(button?.width).toBe(field?.width);
    await ana.setViewportSize({ width: 390, height: 844 });
    await ana.getByLabel("Dein Name").fill("Ana Lima");
    await ana.getByLabel("E-Mail", { exact: true }).fill("ana@example.org");
    await ana.getByRole("button", { name: "Anmelden" }).click();
    await ana.getByRole("heading", { name: "Du bist dabei, Ana Lima!" }).waitFor();
    await checked(ana, "de-confirmed");

    const mail = await emailTo("ana@example.org", /Winterfest/);
    await mail.getByRole("heading", { name: "Winterfest" }).waitFor();
    await checked(mail, "de-email-confirmed", emailSkip);

    // Nobody waits: the cancel page says the seat would be free again, not that it goes to someone in line.
    await ana.getByRole("link", { name: "Meinen Platz stornieren" }).click();
    await ana.getByRole("button", { name: "Meine Anmeldung stornieren" }).waitFor();
    await ana.getByText("Dein Platz ist bestätigt.", { exact: true }).waitFor();
    await ana.getByText(/^Wenn du stornierst, ist dein Platz wieder frei für jemand anderen\./).waitFor();
    expect(await ana.getByText(/nächste Person in der Reihe/).count()).toBe(0);
    await checked(ana, "de-cancel-ask");
    await ana.getByRole("button", { name: "Meine Anmeldung stornieren" }).click();
    await ana.getByText("Dein Platz ist wieder frei für jemand anderen.", { exact: true }).waitFor();
    expect(await ana.getByText(/nächste Person in der Reihe/).count()).toBe(0);
    await checked(ana, "de-cancel-done");

    // Cleo takes the freed seat, Ben waits; Cleo cancels and Ben is offered the seat.
    const cleo = await site.phone({ locale: "de-DE" });
    await cleo.goto(`${runtime.url}/e/${event.eventId}`);
    await cleo.getByLabel("Dein Name").fill("Cleo Park");
    await cleo.getByLabel("E-Mail", { exact: true }).fill("cleo@example.org");
    await cleo.getByRole("button", { name: "Anmelden" }).click();
    await cleo.getByRole("heading", { name: "Du bist dabei, Cleo Park!" }).waitFor();
    const ben = await site.phone({ locale: "de-DE" });
    await ben.goto(`${runtime.url}/e/${event.eventId}`);
    await ben.getByLabel("Dein Name").fill("Ben Okafor");
    await ben.getByLabel("E-Mail", { exact: true }).fill("ben@example.org");
    await ben.getByRole("button", { name: "Auf die Warteliste" }).click();
    await ben.getByRole("heading", { name: "Du bist auf der Warteliste, Ben Okafor" }).waitFor();
    await checked(ben, "de-waitlisted");
    // Someone waits now: Cleo's cancel page says her seat would go to the next person in line.
    await cleo.getByRole("link", { name: "Meinen Platz stornieren" }).click();
    await cleo
      .getByText(/^Wenn du stornierst, geht dein Platz an die nächste Person in der Reihe\./)
      .waitFor();
    await cleo.getByRole("button", { name: "Meine Anmeldung stornieren" }).click();
    await cleo.getByText("Dein Platz geht an die nächste Person in der Reihe.", { exact: true }).waitFor();
    // His page, left open, turns into the offer: the answer he can give, under a heading that fits it.
    await ben.getByRole("heading", { name: "Deine Antwort" }).waitFor();
    await ben.getByRole("link", { name: "Angebot ablehnen" }).waitFor();
    expect(await ben.getByRole("heading", { name: "Pläne ändern" }).count()).toBe(0);
    await checked(ben, "de-manage-offered");
    await ben.getByRole("link", { name: "Platz annehmen" }).click();
    await ben.getByRole("button", { name: /^Platz annehmen \(reserviert bis/ }).waitFor();
    await checked(ben, "de-claim");
    await ben.getByRole("button", { name: /^Platz annehmen \(reserviert bis/ }).click();
    await ben.getByRole("heading", { name: "Platz angenommen" }).waitFor();
    // What comes next: the email with the confirmation and the calendar entry.
    await ben
      .getByText("Eine E-Mail, die deinen Platz bestätigt, ist auf dem Weg zu dir, mit dem Kalendereintrag.")
      .waitFor();
    await checked(ben, "de-claimed");
  });

  it.skipIf(!process.env.RSVP_SCREENSHOTS)("photographs the English confirmation email", async () => {
    const runtime = site.runtime();
    const event = await party("en", 5);
    const ana = await site.phone();
    await ana.goto(`${runtime.url}/e/${event.eventId}`);
    await ana.getByLabel("Your name").fill("Ana Lima");
    await ana.getByLabel("Email", { exact: true }).fill("ana-en@example.org");
    await ana.getByRole("button", { name: "Register" }).click();
    await ana.getByRole("heading", { name: "You're in, Ana Lima!" }).waitFor();
    const mail = await emailTo("ana-en@example.org", /Winter Party/);
    await checked(mail, "en-email-confirmed", emailSkip);
  });
});
