import { describe, expect, it } from "vitest";
import { EventSettings } from "../../contracts/settings.ts";
import { register } from "../helpers/factories.ts";
import { replyLaneScenario } from "../helpers/reply-lane-scenario.ts";

/**
 * A reply whose "can't come" is about someone else is no cancellation; one the lane cannot read either way takes
 * no seat action and mails the guest their manage link. Real SMTP into the embedded runtime, from the guest's
 * own address to their signed reply address.
 */
describe("mixed email replies", () => {
  const lane = replyLaneScenario(
    "mixed-replies",
    { capacity: 10, settings: EventSettings.parse({ maxParty: 4 }) },
    { subject: "Re: You're in: Summer party" },
  );

  async function confirmed(email: string, name: string, party: number) {
    await lane.runtime().queue.send([register(lane.event().eventId, email, name, { party })]);
    await lane.runtime().idle();
    return lane.replyToOf(email);
  }

  it("\"Yes! We're 2 now, my brother can't come\" keeps the seat and lowers the party to 2", async () => {
    const to = await confirmed("ana@example.org", "Ana", 3);
    await lane.send({ from: "Ana <ana@example.org>", to, text: "Yes! We're 2 now, my brother can't come" });
    await lane.runtime().idle();
    expect(await lane.guest("ana@example.org")).toMatchObject({ status: "confirmed", party: 2 });
    expect((await lane.runtime().store.getEvent(lane.event().eventId))?.confirmed).toBe(2);
  });

  it('"Yes, but my brother can\'t come." changes nothing and mails the guest their manage link', async () => {
    const to = await confirmed("bo@example.org", "Bo", 2);
    await lane.send({ from: "Bo <bo@example.org>", to, text: "Yes, but my brother can't come." });
    await lane.runtime().idle();
    expect(await lane.guest("bo@example.org")).toMatchObject({ status: "confirmed", party: 2 });
    const mails = await lane.mailTo("bo@example.org");
    const answer = mails.find((m) => m.subject === "Please check your RSVP: Summer party")!;
    expect(answer.text.replace(/\s+/g, " ")).toContain("could not tell for sure what you would like");
    expect(answer.text).toMatch(/\/l\/manage\/\S+/);
    expect(
      (await lane.runtime().audit.list(lane.event().eventId)).filter((e) => e.action === "cancel"),
    ).toEqual([]);
  });
});
