import { beforeEach, describe, expect, it } from "vitest";
import type { EventRecord } from "../../contracts/event.ts";
import { EventSettings } from "../../contracts/settings.ts";
import type { EmbeddedRuntime } from "../../runtime/embedded/embedded-runtime.ts";
import { register } from "../helpers/factories.ts";
import { sampleQuestions } from "../helpers/questions.ts";
import { replyLaneScenario } from "../helpers/reply-lane-scenario.ts";

/**
 * The email lane and the event's questions (issue 15 §1): a reply cannot answer the form's required questions,
 * so a guest who would register by reply without them gets the form link instead of a registration.
 */
let rt: EmbeddedRuntime;
let event: EventRecord;

describe("the email lane with required questions", () => {
  const lane = replyLaneScenario(
    "questions-email",
    { settings: EventSettings.parse({ questions: sampleQuestions }) },
    { subject: "Re: Summer party" },
  );
  const { send, guest, mailTo, replyToOf } = lane;
  beforeEach(() => {
    rt = lane.runtime();
    event = lane.event();
  });

  async function cancelledBy(email: string, name: string, answers: Record<string, unknown>) {
    await rt.queue.send([register(event.eventId, email, name, { answers })]);
    await rt.idle();
    await send({ from: `${name} <${email}>`, to: await replyToOf(email), text: "Sorry, I can't make it." });
    await rt.idle();
    expect((await guest(email))?.status).toBe("cancelled");
  }

  it("a comeback by reply without the required answers gets the form link, not a registration", async () => {
    // Imported guests may hold no answers (a host's list need not answer required questions).
    await cancelledBy("bo@example.org", "Bo", {});
    await send({
      from: "Bo <bo@example.org>",
      to: await replyToOf("bo@example.org"),
      text: "I can come after all!",
      messageId: "<bo-back@example.org>",
    });
    await rt.idle();
    expect((await guest("bo@example.org"))?.status).toBe("cancelled");
    const last = (await mailTo("bo@example.org")).at(-1)!;
    expect(last.subject).toBe("Confirm by link: Summer party");
    expect(last.text).toContain(`/e/${event.eventId}`);
  });

  it("a comeback by reply whose answers stand is registered again, answers kept", async () => {
    await cancelledBy("cy@example.org", "Cy", { diet: "Vegan", photos: true });
    await send({
      from: "Cy <cy@example.org>",
      to: await replyToOf("cy@example.org"),
      text: "I can come after all!",
      messageId: "<cy-back@example.org>",
    });
    await rt.idle();
    expect(await guest("cy@example.org")).toMatchObject({
      status: "confirmed",
      round: 2,
      answers: { diet: "Vegan", photos: true },
    });
  });
});
