import { afterAll, describe, expect, inject, it } from "vitest";
import { DynamoGuestStore } from "../../adapters/aws/dynamo-guest-store.ts";
import { createGuestTable } from "../../adapters/aws/guest-table.ts";
import { openDatabase } from "../../adapters/local/sqlite-database.ts";
import { SqliteGuestStore } from "../../adapters/local/sqlite-guest-store.ts";
import { Command } from "../../contracts/command.ts";
import { EventSettings } from "../../contracts/settings.ts";
import { applyCommands } from "../../core/keeper.ts";
import type { GuestStore } from "../../core/ports.ts";
import { guestIdFor } from "../../core/seat-keeper.ts";
import { dynamoLocalClient, uniqueTableName } from "../helpers/dynamo-local.ts";
import { cancel, fakeClock, newEvent, register } from "../helpers/factories.ts";
import { sampleQuestions } from "../helpers/questions.ts";

/**
 * Answers to the event's questions (issue 15 §1) through the real keeper on both stores: stored with the guest
 * from the registration, replaced by `set-answers` (no seat moves; the same answers again change nothing), and
 * refused once the guest left.
 */
function answersContract(name: string, makeStore: () => Promise<GuestStore>) {
  describe(`answers on ${name}`, () => {
    const clock = fakeClock();
    const setAnswers = (eventId: string, guestId: string, answers: Record<string, unknown>, id: string) =>
      Command.parse({
        type: "set-answers",
        eventId,
        guestId,
        answers,
        commandId: id,
        issuedAt: clock.now().toISOString(),
        lane: "link",
      });

    it("stores a registration's answers, replaces them by set-answers, and moves no seat", async () => {
      const store = await makeStore();
      const event = newEvent({ capacity: 1, settings: EventSettings.parse({ questions: sampleQuestions }) });
      await store.createEvent(event);
      const reg = register(event.eventId, "ana@example.org", "Ana", {
        answers: { diet: "Vegan", photos: true },
      });
      await applyCommands(store, event.eventId, [reg], clock);
      const guestId = guestIdFor(event.eventId, reg.commandId);
      expect(await store.getGuest(event.eventId, guestId)).toMatchObject({
        status: "confirmed",
        answers: { diet: "Vegan", photos: true },
      });
      expect((await store.getEvent(event.eventId))?.settings.questions).toHaveLength(4);

      const change = setAnswers(
        event.eventId,
        guestId,
        { diet: "None", photos: true, help: ["Music"] },
        "ans-1",
      );
      const [result] = await applyCommands(store, event.eventId, [change], clock);
      expect(result?.outcome).toEqual({ kind: "answers-set", guestId });
      const again = setAnswers(
        event.eventId,
        guestId,
        { diet: "None", photos: true, help: ["Music"] },
        "ans-2",
      );
      expect((await applyCommands(store, event.eventId, [again], clock))[0]?.outcome).toEqual({
        kind: "unchanged",
        guestId,
      });
      const guest = await store.getGuest(event.eventId, guestId);
      expect(guest).toMatchObject({
        status: "confirmed",
        answers: { diet: "None", photos: true, help: ["Music"] },
      });
      expect(guest?.lastChange).toMatchObject({ action: "set-answers", from: "confirmed", to: "confirmed" });
      expect(await store.getEvent(event.eventId)).toMatchObject({ confirmed: 1, offered: 0, waitlisted: 0 });
    });

    it("a guest registered without answers reads {}; one who left may not change them", async () => {
      const store = await makeStore();
      const event = newEvent();
      await store.createEvent(event);
      const reg = register(event.eventId, "bo@example.org", "Bo");
      const guestId = guestIdFor(event.eventId, reg.commandId);
      await applyCommands(store, event.eventId, [reg, cancel(event.eventId, guestId)], clock);
      expect((await store.getGuest(event.eventId, guestId))?.answers).toEqual({});
      const [result] = await applyCommands(
        store,
        event.eventId,
        [setAnswers(event.eventId, guestId, { a: "x" }, "ans-3")],
        clock,
      );
      expect(result?.outcome).toEqual({ kind: "refused", reason: "not-applicable" });
    });
  });
}

answersContract("SqliteGuestStore", async () => new SqliteGuestStore(openDatabase(":memory:")));

const endpoint = inject("dynamoEndpoint");
describe.skipIf(endpoint === null)("DynamoDB Local", () => {
  const client = dynamoLocalClient(endpoint ?? "http://unused");
  const tableName = uniqueTableName("answers");
  let table: Promise<void> | undefined;
  afterAll(() => client.destroy());
  answersContract("DynamoGuestStore", async () => {
    table ??= createGuestTable(client, tableName);
    await table;
    return new DynamoGuestStore({ client, tableName });
  });
});
