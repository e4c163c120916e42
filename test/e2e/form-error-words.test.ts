import { afterEach, describe, expect, it } from "vitest";
import { newEvent } from "../helpers/factories.ts";
import { type Lifecycle, lifecycleRuntimes } from "../helpers/lifecycle-harness.ts";

/**
 * What a person's form says about a mistake, in DESIGN.md's plain voice: what to do, in their words ("Enter your
 * email address in the right format, like ana@example.org"), never our contract's "email must be a valid
 * address". The register form and the name correction page, in English and German. (A JSON answer keeps the
 * contract's English for programs: web-bad-input.test.ts.) The words do not depend on the store: embedded only.
 */
describe("the forms' error words", () => {
  let life: Lifecycle | undefined;
  afterEach(async () => {
    await life?.stop();
    life = undefined;
  });

  const start = async (language: "en" | "de") => {
    const embedded = lifecycleRuntimes.find((r) => r.name === "embedded")!;
    life = await embedded.start({ capacity: 5, details: { ...newEvent().details, language } });
    return life;
  };

  const postForm = async (path: string, fields: Record<string, string>) => {
    const res = await life!.fetch(
      new Request(new URL(path, "http://rsvp.test"), {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
        body: new URLSearchParams(fields).toString(),
      }),
    );
    expect(res.status).toBe(422);
    return res.text();
  };

  /** The messages of the register form's error summary, for these fields. */
  async function registerErrors(fields: Record<string, string>): Promise<string[]> {
    const page = await postForm(`/e/${life!.eventId}/rsvp`, fields);
    return [...page.matchAll(/<li><a href="#(?:name|email)">([^<]*)<\/a><\/li>/g)].map((m) => m[1]!);
  }

  /** The name correction page's message for a name typed on it. */
  async function nameError(typed: string): Promise<string | undefined> {
    await life!.registerAll(["ana@example.org"]);
    const manage = (await life!.mail("ana@example.org")).find((m) => m.links.manage)!.links.manage!;
    const token = new URL(manage, "http://rsvp.test").pathname.split("/")[3];
    const page = await postForm(`/name/manage/${token}`, { name: typed });
    return /<span class="field-error" id="name-error">([^<]*)<\/span>/.exec(page)?.[1];
  }

  it("in English, say what to do", async () => {
    await start("en");
    expect(await registerErrors({ name: "", email: "ana(at)example.org" })).toEqual([
      "Enter your name",
      "Enter your email address in the right format, like ana@example.org",
    ]);
    expect(await registerErrors({ name: "A".repeat(201) })).toEqual([
      "Shorten your name to 200 characters or fewer",
      "Enter your email address",
    ]);
    expect(await registerErrors({ name: "Ana", email: `${"a".repeat(250)}@example.org` })).toEqual([
      "Shorten your email address to 254 characters or fewer",
    ]);
    expect(await nameError("   ")).toBe("Enter your name");
  });

  it("in German, per du", async () => {
    await start("de");
    expect(await registerErrors({ name: "", email: "ana(at)example.org" })).toEqual([
      "Bitte gib deinen Namen ein",
      "Bitte gib eine gültige E-Mail-Adresse an, etwa ana@example.org",
    ]);
    expect(await registerErrors({ name: "A".repeat(201) })).toEqual([
      "Bitte kürze deinen Namen auf höchstens 200 Zeichen",
      "Bitte gib deine E-Mail-Adresse ein",
    ]);
    expect(await nameError("   ")).toBe("Bitte gib deinen Namen ein");
  });
});
