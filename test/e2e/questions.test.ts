import { describe, expect, it } from "vitest";
import { Command } from "../../contracts/command.ts";
import { EventSettings } from "../../contracts/settings.ts";
import { cancel, register } from "../helpers/factories.ts";
import { type Lifecycle, onEachRuntime } from "../helpers/lifecycle-harness.ts";
import { sampleQuestions } from "../helpers/questions.ts";

/**
 * Answers to the event's questions (issue 15 §1) on both runtimes, through the queue, the keeper and the store:
 * kept from the registration, changed by the guest (`set-answers`, no seat moves), kept through a comeback.
 */
onEachRuntime((start) => {
  let life: Lifecycle;

  const setAnswers = (guestId: string, answers: Record<string, unknown>, commandId: string) =>
    Command.parse({
      type: "set-answers",
      eventId: life.eventId,
      guestId,
      answers,
      commandId,
      issuedAt: new Date().toISOString(),
      lane: "link",
    });

  describe("answers to the event's questions", () => {
    it("are stored with the guest, changed by the guest without moving a seat, and kept through a comeback", async () => {
      life = await start({ capacity: 1, settings: EventSettings.parse({ questions: sampleQuestions }) });
      await life.send(
        register(life.eventId, "ana@example.org", "Ana", { answers: { diet: "Vegan", photos: true } }),
      );
      await life.send(
        register(life.eventId, "bo@example.org", "Bo", { answers: { diet: "None", photos: true } }),
      );
      const ana = await life.guest("ana@example.org");
      expect(ana).toMatchObject({ status: "confirmed", answers: { diet: "Vegan", photos: true } });
      expect(await life.guest("bo@example.org")).toMatchObject({
        status: "waitlisted",
        answers: { diet: "None" },
      });

      await life.send(
        setAnswers(ana.guestId, { diet: "Vegetarian", photos: true, help: ["Music"] }, "ans-ana-1"),
      );
      expect(await life.guest("ana@example.org")).toMatchObject({
        status: "confirmed",
        answers: { diet: "Vegetarian", photos: true, help: ["Music"] },
      });
      expect(await life.current()).toMatchObject({ confirmed: 1, offered: 0, waitlisted: 1 });

      await life.send(cancel(life.eventId, ana.guestId));
      await life.send(register(life.eventId, "ana@example.org", "Ana", { lane: "email" }));
      expect(await life.guest("ana@example.org")).toMatchObject({
        round: 2,
        answers: { diet: "Vegetarian", photos: true, help: ["Music"] },
      });
    });
  });
});
