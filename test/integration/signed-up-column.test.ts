import { parse } from "csv-parse/sync";
import pino from "pino";
import { describe, expect, it } from "vitest";
import type { Language } from "../../contracts/language.ts";
import type { EmbeddedRuntime } from "../../runtime/embedded/embedded-runtime.ts";
import { hostedEvent, register } from "../helpers/factories.ts";
import { scratchDataDir } from "../helpers/scratch-data-dir.ts";
import { webAppOver } from "../helpers/web-app.ts";

/**
 * The host's guest list says how each guest signed up in a host's words: the column "How they signed up" with
 * "Web form", "Email reply", "Imported list", "Added by host" (German "Angemeldet über", "Webformular", …), not
 * our "Lane" with "web" or "import". The CSV keeps its `lane` column and codes, for the scripts that read it.
 */
const data = scratchDataDir("signed-up-column");
const start = (): Promise<EmbeddedRuntime> => data.start({ http: false, logger: pino({ level: "silent" }) });

async function listOf(language: Language) {
  const rt = await start();
  const app = webAppOver(rt);
  const { event, host } = hostedEvent({ capacity: 10 });
  expect(await rt.store.createEvent({ ...event, details: { ...event.details, language } })).toBe(true);
  await rt.queue.send([
    register(event.eventId, "ana@example.org", "Ana", { lane: "web" }),
    register(event.eventId, "bo@example.org", "Bo", { lane: "email" }),
    register(event.eventId, "cy@example.org", "Cy", { lane: "import", invite: true }),
    register(event.eventId, "di@example.org", "Di", { lane: "host" }),
  ]);
  await rt.idle();
  const page = await (await app.request(`${host}/guests`, { headers: { accept: "text/html" } })).text();
  const csv = await (await app.request(`${host}/guests.csv`)).text();
  return { page, csv };
}

/** The cell after the guest's status and place in line: how they signed up. */
const signedUpCell = (page: string, email: string) =>
  new RegExp(`<td>${email.replace(".", "\\.")}</td><td>[^<]*</td><td>[^<]*</td><td>([^<]*)</td>`).exec(
    page,
  )?.[1];

describe("the guest list's 'How they signed up' column", () => {
  it("names each way in a host's words, in English", async () => {
    const { page } = await listOf("en");
    expect(page).toContain("<th>How they signed up</th>");
    expect(page).not.toContain("<th>Lane</th>");
    expect(signedUpCell(page, "ana@example.org")).toBe("Web form");
    expect(signedUpCell(page, "bo@example.org")).toBe("Email reply");
    expect(signedUpCell(page, "cy@example.org")).toBe("Imported list");
    expect(signedUpCell(page, "di@example.org")).toBe("Added by host");
    // The stacked cards on a phone carry the same label.
    expect(page).toContain('td:nth-of-type(5)::before { content: "How they signed up: "');
  });

  it("in German", async () => {
    const { page } = await listOf("de");
    expect(page).toContain("<th>Angemeldet über</th>");
    expect(signedUpCell(page, "ana@example.org")).toBe("Webformular");
    expect(signedUpCell(page, "bo@example.org")).toBe("Antwort per E-Mail");
    expect(signedUpCell(page, "cy@example.org")).toBe("Importierte Liste");
    expect(signedUpCell(page, "di@example.org")).toBe("Von Gastgebern eingetragen");
  });

  it("the CSV keeps its lane column and codes", async () => {
    const { csv } = await listOf("en");
    const [header, ...rows] = parse(csv, { bom: true }) as string[][];
    expect(header?.[4]).toBe("lane");
    expect(rows.map((r) => [r[1], r[4]])).toEqual([
      ["ana@example.org", "web"],
      ["bo@example.org", "email"],
      ["cy@example.org", "import"],
      ["di@example.org", "host"],
    ]);
  });
});
