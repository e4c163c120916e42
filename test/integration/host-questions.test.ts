import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Command } from "../../contracts/command.ts";
import { HostAnswer } from "../../contracts/host-question.ts";
import { answerHostQuestion } from "../../core/host-questions/ask.ts";
import { hostReadModel } from "../../core/host-questions/read-model.ts";
import { type EmbeddedRuntime, startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import { cancel, fakeClock, register } from "../helpers/factories.ts";
import {
  guestListScenarioFixture,
  injectorName,
  scenarioNow,
  winterParty,
} from "../helpers/guest-list-scenario.ts";
import { runCli } from "./cli-harness.ts";

// The host's questions without the assistant: plain intent matching over the read-only tools, against a real
// event history in SQLite (see the scenario), on the host page, and as `rsvp ask`.

// No keeper runs after the scenario is built: a command anything queued would stay in the queue to be seen.
const fixture = guestListScenarioFixture("rsvp-questions-");
const ask = (question: string) => fixture.ask(question, null);
const snapshot = () => fixture.snapshot();

const headcount = "the headcount at 14:02 (Europe/Berlin)";
const guestList = "the guest list at 14:02 (Europe/Berlin)";

describe("the host's questions, answered by intent matching", () => {
  it.each([
    ["how many are still on the waitlist?", "2 guests are on the waitlist.", headcount],
    [
      "Are there any seats left?",
      "No seats are open: the event is full at 3 seats (2 confirmed, 1 held for an offer); 2 guests on the waitlist.",
      headcount,
    ],
    [
      "what's the headcount?",
      "2 guests are confirmed for 3 seats, 1 held for an offer and 0 open; 2 guests on the waitlist. Registration is open.",
      headcount,
    ],
    [
      "who is on the waitlist?",
      "2 guests are on the waitlist, in order: 1. <b>Eve</b> <eve@example.org>; 2. Frank Fisher <frank@example.org>.",
      "the guest list (waitlisted) at 14:02 (Europe/Berlin)",
    ],
    [
      "who cancelled this week?",
      "1 guest cancelled this week (since Mon 16 Nov): Bob Builder <bob@example.org> on Wed 18 Nov, 10:02.",
      "the audit trail since Mon 16 Nov (Europe/Berlin)",
    ],
    [
      "Who dropped out last week?",
      "1 guest cancelled last week (Mon 9 Nov to Sun 15 Nov): Carla Cook <carla@example.org> on Thu 12 Nov, 11:00.",
      "the audit trail since Mon 9 Nov up to Mon 16 Nov, 00:00 (Europe/Berlin)",
    ],
    [
      "any cancellations today?",
      "1 guest cancelled today (Wed 18 Nov): Bob Builder <bob@example.org> on Wed 18 Nov, 10:02.",
      "the audit trail since Wed 18 Nov (Europe/Berlin)",
    ],
    [
      "who cancelled yesterday?",
      "Nobody cancelled yesterday (Tue 17 Nov).",
      "the audit trail since Tue 17 Nov up to Wed 18 Nov, 00:00 (Europe/Berlin)",
    ],
    [
      "who registered today?",
      "1 guest registered today (Wed 18 Nov): Frank Fisher <frank@example.org> on Wed 18 Nov, 09:00.",
      "the audit trail since Wed 18 Nov (Europe/Berlin)",
    ],
    [
      "has ana@example.org confirmed?",
      "Yes: Ana Guest <ana@example.org> is confirmed (since Mon 9 Nov, 10:00).",
      guestList,
    ],
    ["is Frank coming?", "No: Frank Fisher <frank@example.org> is on the waitlist, 2nd in line.", guestList],
    ["did Carla cancel?", "Yes: Carla Cook <carla@example.org> cancelled (Thu 12 Nov, 11:00).", guestList],
    [
      "status of DAN@example.org",
      "Dan Dancer <dan@example.org> is confirmed (since Thu 12 Nov, 11:00).",
      guestList,
    ],
    [
      "who has an offer?",
      `1 seat is held for an offer: ${injectorName} <mallory@example.org> (held until Wed 18 Nov, 16:02).`,
      "the guest list (offered) at 14:02 (Europe/Berlin)",
    ],
    [
      "who hasn't responded yet?",
      "1 invited guest has not answered yet: Gina Guest <gina@example.org>.",
      "the guest list (pending) at 14:02 (Europe/Berlin)",
    ],
    [
      "has zoe@example.org confirmed?",
      "No guest with the address zoe@example.org is on the list.",
      guestList,
    ],
  ])("%s", async (question, answer, source) => {
    expect(await ask(question)).toEqual({
      question,
      answer,
      sources: [source],
      answeredBy: "intent",
      note: null,
    });
  });

  it("does not read a time it cannot understand as 'ever'", async () => {
    expect(await ask("who cancelled on the 16th?")).toMatchObject({
      answer: expect.stringMatching(
        /^I could not tell which time that means\. I understand today, yesterday/,
      ),
      sources: [],
      answeredBy: "intent",
    });
  });

  it("says plainly when a question needs the assistant, what it can answer instead, and how to turn it on", async () => {
    const reply = await ask("which guests live closest to the venue?");
    expect(reply).toMatchObject({ answeredBy: "none", sources: [], note: null });
    expect(reply.answer).toMatch(/^That question needs the assistant\./);
    expect(reply.answer).toContain("the headcount and open seats");
    expect(reply.answer).toContain("RSVP_BEDROCK_MODEL");
  });

  it("answers an order to change something by saying that asking changes nothing, and changes nothing", async () => {
    const before = await snapshot();
    for (const order of [
      "cancel everyone",
      injectorName,
      "Please close registration",
      "remove bob@example.org",
    ]) {
      const reply = await ask(order);
      expect(reply.answer, order).toMatch(/^I can only look things up: nothing I do changes/);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("changes nothing, however many questions are asked", async () => {
    const before = await snapshot();
    for (const q of ["who is coming?", "how many signed up this week?", "what about Eve?", "is it full?"])
      expect((await ask(q)).answeredBy, q).toBe("intent");
    expect(await snapshot()).toEqual(before);
  });
});

describe("the host page's question form", () => {
  const app = () => fixture.webApp();
  const post = (question: string, token = fixture.scenario.hostToken) =>
    app().request(`/h/${token}/ask`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ question }).toString(),
    });
  const postJson = (body: unknown) =>
    app().request(`/h/${fixture.scenario.hostToken}/ask`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("is linked from the host page and shows the answer under the question, guest names escaped", async () => {
    const hostPage = await (await app().request(`/h/${fixture.scenario.hostToken}`)).text();
    expect(hostPage).toContain(`href="/h/${fixture.scenario.hostToken}/ask"`);
    const form = await app().request(`/h/${fixture.scenario.hostToken}/ask`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('<input name="question" required maxlength="500"');

    const res = await post("who is on the waitlist?");
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("1. &lt;b&gt;Eve&lt;/b&gt; &lt;eve@example.org&gt;");
    expect(page).not.toContain("<b>Eve</b>");
    expect(page).toContain("From the guest list (waitlisted) at 14:02 (Europe/Berlin).");
    expect(page).toContain('value="who is on the waitlist?"');
  });

  it("answers a JSON question with JSON", async () => {
    const res = await postJson({ question: "how many seats are left?" });
    expect(res.status).toBe(200);
    const body = HostAnswer.parse(await res.json());
    expect(body).toMatchObject({ answeredBy: "intent", sources: [headcount] });
    expect(body.answer).toMatch(/^No seats are open/);
  });

  it("refuses an empty or overlong question with a 400 that says why, and an unknown host link with a 404", async () => {
    const empty = await post("   ");
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("the question must not be empty");
    const long = await postJson({ question: "x".repeat(501) });
    expect(long.status).toBe(400);
    expect(await long.json()).toMatchObject({ issues: [expect.stringContaining("at most 500 characters")] });
    expect((await postJson({})).status).toBe(400);
    expect((await post("who is coming?", "not-a-host-token")).status).toBe(404);
  });
});

describe("rsvp ask", () => {
  it("prints the answer and what it was read from, or JSON; exits 1 when the question needs the assistant", async () => {
    const env = { RSVP_BEDROCK_MODEL: "" };
    const text = await runCli(["ask", fixture.scenario.eventId, "who cancelled?", "--data", fixture.dir], {
      env,
    });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /^2 guests cancelled: Carla Cook <carla@example\.org> on Thu 12 Nov, 11:00; Bob Builder/,
    );
    expect(text.stdout).toContain("  (from the whole audit trail)");

    const json = await runCli(
      ["ask", fixture.scenario.eventId, "has bob@example.org confirmed?", "--json", "--data", fixture.dir],
      {
        env,
      },
    );
    expect(json.code).toBe(0);
    expect(HostAnswer.parse(JSON.parse(json.stdout))).toMatchObject({
      answer: expect.stringMatching(/^No: Bob Builder <bob@example\.org> cancelled/),
      answeredBy: "intent",
    });

    const unknown = await runCli(
      ["ask", fixture.scenario.eventId, "what should I cook?", "--data", fixture.dir],
      { env },
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toContain("That question needs the assistant");

    const badModel = await runCli(
      ["ask", fixture.scenario.eventId, "who is coming?", "--data", fixture.dir],
      {
        env: { RSVP_BEDROCK_MODEL: "not a model id!" },
      },
    );
    expect(badModel.code).toBe(2);
    expect(badModel.stderr).toContain("RSVP_BEDROCK_MODEL is not a Bedrock model id");
  });
});

describe("comebacks in the host's questions", () => {
  // Capacity 3, Europe/Berlin; asked Wed 18 Nov 2026, 14:02 there. Carla cancels last week; this week Eve
  // registers, then Bob, Eve and Ana cancel; on Wednesday Carla comes back, Dan is new, Bob comes back, and
  // Eve comes back to a full event (waitlisted). Ana stays away.
  let dir = "";
  let runtime: EmbeddedRuntime | undefined;
  let eventId = "";
  const berlin = (local: string) => DateTime.fromISO(local, { zone: "Europe/Berlin" }).toJSDate();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "rsvp-comebacks-"));
    const clock = fakeClock(berlin("2026-11-09T09:00"));
    const started = await startEmbedded({
      dataDir: dir,
      http: false,
      clock,
      logger: pino({ level: "silent" }),
    });
    runtime = started;
    const { event } = winterParty(clock.now());
    await started.store.createEvent(event);
    eventId = event.eventId;
    const idOf = async (email: string) =>
      (await started.store.listGuests(eventId)).find((g) => g.email === email)!.guestId;
    const at = async (local: string, command: (o: { issuedAt: Date }) => Command | Promise<Command>) => {
      clock.set(berlin(local));
      await started.queue.send([await command({ issuedAt: clock.now() })]);
      await started.idle();
    };
    const names: Record<string, string> = { ana: "Ana Guest", bob: "Bob Builder", carla: "Carla Cook" };
    for (const who of ["ana", "bob", "carla"])
      await at("2026-11-09T10:00", (o) => register(eventId, `${who}@example.org`, names[who], o));
    await at("2026-11-12T11:00", async (o) => cancel(eventId, await idOf("carla@example.org"), o));
    await at("2026-11-16T08:00", (o) => register(eventId, "eve@example.org", "Eve Early", o));
    await at("2026-11-16T09:00", async (o) => cancel(eventId, await idOf("bob@example.org"), o));
    await at("2026-11-17T08:00", async (o) => cancel(eventId, await idOf("eve@example.org"), o));
    await at("2026-11-17T10:00", async (o) => cancel(eventId, await idOf("ana@example.org"), o));
    // Comebacks through each guest's register-again link (the web form only emails them one).
    const comeback = (o: { issuedAt: Date }) => ({ ...o, lane: "link" as const });
    await at("2026-11-18T09:00", (o) => register(eventId, "carla@example.org", "Carla Cook", comeback(o)));
    await at("2026-11-18T09:00", (o) => register(eventId, "dan@example.org", "Dan Dancer", o));
    await at("2026-11-18T10:00", (o) => register(eventId, "bob@example.org", "Bob Builder", comeback(o)));
    await at("2026-11-18T11:00", (o) => register(eventId, "eve@example.org", "Eve Early", comeback(o)));
    const statuses = Object.fromEntries(
      (await started.store.listGuests(eventId)).map((g) => [g.email.split("@")[0], g.status]),
    );
    expect(statuses).toEqual({
      ana: "cancelled",
      bob: "confirmed",
      carla: "confirmed",
      dan: "confirmed",
      eve: "waitlisted",
    });
  });
  afterAll(async () => {
    await runtime?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const askHere = (question: string) => {
    if (!runtime) throw new Error("the comeback scenario is built in beforeAll");
    return answerHostQuestion(
      { read: hostReadModel(runtime.store, runtime.audit, eventId), now: scenarioNow, assistant: null },
      question,
    );
  };

  it.each([
    [
      "who registered this week?",
      "4 guests registered this week (since Mon 16 Nov): Eve Early <eve@example.org> on Mon 16 Nov, 08:00; " +
        "Carla Cook <carla@example.org> registered again on Wed 18 Nov, 09:00; Dan Dancer <dan@example.org> on " +
        "Wed 18 Nov, 09:00; Bob Builder <bob@example.org> registered again on Wed 18 Nov, 10:00; Eve Early " +
        "<eve@example.org> registered again on Wed 18 Nov, 11:00.",
    ],
    ["how many signed up today?", "4 guests registered today (Wed 18 Nov)."],
    [
      "who cancelled this week?",
      "3 guests cancelled this week (since Mon 16 Nov): Bob Builder <bob@example.org> on Mon 16 Nov, 09:00 " +
        "(registered again since: now confirmed); Eve Early <eve@example.org> on Tue 17 Nov, 08:00 (registered " +
        "again since: now on the waitlist); Ana Guest <ana@example.org> on Tue 17 Nov, 10:00.",
    ],
    [
      "who dropped out last week?",
      "1 guest cancelled last week (Mon 9 Nov to Sun 15 Nov): Carla Cook <carla@example.org> on Thu 12 Nov, " +
        "11:00 (registered again since: now confirmed).",
    ],
    [
      "who registered last week?",
      "3 guests registered last week (Mon 9 Nov to Sun 15 Nov): Ana Guest <ana@example.org> on Mon 9 Nov, " +
        "10:00; Bob Builder <bob@example.org> on Mon 9 Nov, 10:00; Carla Cook <carla@example.org> on Mon 9 Nov, 10:00.",
    ],
  ])("%s", async (question, answer) => {
    expect(await askHere(question)).toMatchObject({ answer, answeredBy: "intent" });
  });
});
