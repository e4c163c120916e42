import { describe, expect, it } from "vitest";
import { axeViolations, browserScenario, photograph, sidewaysOverflow } from "../helpers/browser-scenario.ts";
import { chromiumAvailable } from "../helpers/chromium.ts";

/**
 * A host adds a question on a phone, without JSON: the admin form's blank question row, filled in, becomes a
 * question on the register form; the event's page then shows it as a row to change or remove. axe-core checks
 * the form, light and dark. With RSVP_SCREENSHOTS=<dir> the form is photographed.
 */
describe.skipIf(!chromiumAvailable())("the admin form's questions in a phone's browser", () => {
  const site = browserScenario("admin-questions-browser");

  it("adds a choice question by filling in the blank row, and removes it again", async () => {
    const runtime = site.runtime();
    const page = await site.phone({ bypassCSP: true });
    await page.goto(`${runtime.url}/admin/sign-in?token=${runtime.adminToken}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("link", { name: "New event" }).first().click();
    await page.getByLabel("Name", { exact: true }).fill("Picnic");

    const added = page.getByRole("group", { name: "Add a question" });
    await added.getByLabel("Question", { exact: true }).fill("Dietary needs");
    await added.getByLabel("Kind of answer").selectOption({ label: "One of a list" });
    await added.getByLabel("Choices, one per line").fill("Anything\nVegetarian\nVegan");
    await added.getByLabel("Guests must answer").check();
    expect(await sidewaysOverflow(page)).toBe(0);
    expect(await axeViolations(page), "the form with a question typed in").toEqual([]);
    await photograph(page, "admin-questions-form");
    await page.getByRole("button", { name: "Create event" }).click();
    await page.getByRole("heading", { name: "Created Picnic" }).waitFor();
    const eventUrl = (await page.locator('a[href*="/e/"]').first().getAttribute("href"))!;

    const guest = await site.phone();
    await guest.goto(eventUrl);
    const diet = guest.getByRole("group", { name: /Dietary needs/ });
    await diet.getByRole("radio", { name: "Vegetarian" }).waitFor();
    expect(await diet.getByRole("radio").count()).toBe(3);

    // The event's own admin page: the question as "Question 1", with a blank row under it; Remove drops it.
    await page.getByRole("link", { name: "All events" }).first().click();
    await page.getByRole("link", { name: "Picnic" }).click();
    const first = page.getByRole("group", { name: "Question 1" });
    expect(await first.getByLabel("Question", { exact: true }).inputValue()).toBe("Dietary needs");
    await page.getByRole("group", { name: "Add a question" }).waitFor();
    await first.getByLabel("Remove this question").check();
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByRole("group", { name: "Question 1" }).waitFor({ state: "detached" });
    await guest.reload();
    await guest.getByRole("button", { name: "Register" }).waitFor();
    expect(await guest.getByText("Dietary needs").count()).toBe(0);
    await guest.context().close();
    await page.context().close();
  });
});
