import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Command } from "../../contracts/command.ts";
import { openStores } from "../../runtime/embedded/embedded-runtime.ts";
import { runCliInProcess } from "../helpers/cli-in-process.ts";
import { register } from "../helpers/factories.ts";
import { applyOffline, queuedIn } from "../helpers/offline-data-dir.ts";
import { sampleQuestions } from "../helpers/questions.ts";

/**
 * The questions from the command line (issue 15 §1): `rsvp event create/edit --questions FILE` with problems
 * naming the question, `rsvp import` filling answers from a column headed with a question's label (bad cells
 * by line), and the answers in `rsvp guests --json` and `--csv`.
 */
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "rsvp-cli-questions-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 16);

async function createWithQuestions(questions: unknown) {
  const path = file("questions.json", JSON.stringify(questions));
  const data = join(dir, "data");
  const args = ["event", "create", "--data", data, "--name", "Picnic", "--starts-at", inAMonth()];
  const result = await runCliInProcess([
    ...args,
    "--tz",
    "Europe/Berlin",
    "--capacity",
    "20",
    "--questions",
    path,
    "--json",
  ]);
  return { result, data };
}

const storedEvent = (data: string, eventId: string) => {
  const { db, store } = openStores(data);
  try {
    return store.getEventSync(eventId);
  } finally {
    db.close();
  }
};

describe("rsvp event create --questions", () => {
  it("stores the file's questions on the event", async () => {
    const { result, data } = await createWithQuestions({ questions: sampleQuestions });
    expect(result.code, result.stderr).toBe(0);
    const { eventId } = JSON.parse(result.stdout);
    const event = storedEvent(data, eventId);
    expect(event?.settings.questions.map((q) => q.id)).toEqual(["diet", "allergies", "help", "photos"]);
  });

  it("refuses a file with problems, naming each question by number and id", async () => {
    const { result } = await createWithQuestions([
      { id: "diet", label: "Diet", kind: "one-of", options: ["Vegan"] },
      { id: "Bad Id", label: "Diet", kind: "short-text", maxLength: 5000 },
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('question 1 ("diet"): options: give at least 2');
    expect(result.stderr).toContain('question 2 ("Bad Id"): id must be 1 to 32 lower-case letters');
    expect(result.stderr).toContain('question 2 ("Bad Id"): maxLength must be at most 200');
    expect(result.stderr).toContain('label "Diet" is used twice');
  });
});

describe("answers from the command line", () => {
  it("rsvp event edit --questions queues the new questions; none clears them", async () => {
    const { result, data } = await createWithQuestions(sampleQuestions);
    const { eventId } = JSON.parse(result.stdout);
    const path = file(
      "two.json",
      JSON.stringify([{ id: "shirt", label: "T-shirt size", kind: "one-of", options: ["S", "M", "L"] }]),
    );
    const edit = await runCliInProcess([
      "event",
      "edit",
      eventId,
      "--data",
      data,
      "--questions",
      path,
      "--yes",
    ]);
    expect(edit.code, edit.stderr).toBe(0);
    const queued = queuedIn(data).filter((c) => c.type === "edit-event");
    expect(queued.at(-1)).toMatchObject({
      changes: { settings: { questions: [{ id: "shirt", label: "T-shirt size" }] } },
    });
    const cleared = await runCliInProcess([
      "event",
      "edit",
      eventId,
      "--data",
      data,
      "--questions",
      "none",
      "--yes",
    ]);
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(
      queuedIn(data)
        .filter((c) => c.type === "edit-event")
        .at(-1),
    ).toMatchObject({ changes: { settings: { questions: [] } } });
  });

  it("rsvp import reads a column headed with a question's label; a bad cell is reported by line", async () => {
    const { result, data } = await createWithQuestions(sampleQuestions);
    const { eventId } = JSON.parse(result.stdout);
    const csv = file(
      "guests.csv",
      [
        "name,email,Dietary needs,I can help with,Photos of me may be shared",
        "Ana,ana@example.org,vegan,Setup; music,yes",
        "Bo,bo@example.org,,,",
        "Cy,cy@example.org,Meat,,maybe",
      ].join("\n"),
    );
    const imported = await runCliInProcess(["import", eventId, csv, "--data", data]);
    expect(imported.code).toBe(1);
    expect(imported.stderr).toContain(
      `${csv}:4: "Dietary needs" must be one of: None, Vegetarian, Vegan; "Photos of me may be shared" must be true or false`,
    );
    const registers = queuedIn(data).filter(
      (c): c is Extract<Command, { type: "register" }> => c.type === "register",
    );
    expect(registers.map((c) => [c.email, c.answers])).toEqual([
      ["ana@example.org", { diet: "Vegan", help: ["Setup", "Music"], photos: true }],
      ["bo@example.org", {}],
    ]);
  });

  it("rsvp guests --json carries each guest's answers, and --csv a column per question after the others", async () => {
    const { result, data } = await createWithQuestions(sampleQuestions);
    const { eventId } = JSON.parse(result.stdout);
    applyOffline(
      data,
      eventId,
      [
        register(eventId, "ana@example.org", "Ana", {
          answers: { diet: "Vegan", help: ["Setup", "Music"], photos: true },
        }),
        register(eventId, "bo@example.org", "Bo", {
          answers: { diet: "None", allergies: "=cmd", photos: false },
        }),
      ],
      new Date(),
    );
    const json = await runCliInProcess(["guests", eventId, "--data", data, "--json"]);
    const rows = json.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => r.answers)).toEqual([
      { diet: "Vegan", help: ["Setup", "Music"], photos: true },
      { diet: "None", allergies: "=cmd", photos: false },
    ]);
    const csv = await runCliInProcess(["guests", eventId, "--data", data, "--csv"]);
    const lines = csv.stdout.trim().split("\n");
    expect(lines[0]).toBe(
      "name,email,status,waitlist_position,lane,registered_at,updated_at,party,Dietary needs,Allergies,I can help with,Photos of me may be shared",
    );
    expect(lines[1]).toMatch(/,1,Vegan,,Setup; Music,yes$/);
    expect(lines[2]).toMatch(/,1,None,'=cmd,,no$/);
  });
});
