import { afterAll, describe, expect, inject, it } from "vitest";
import { DynamoGuestStore } from "../../adapters/aws/dynamo-guest-store.ts";
import { createGuestTable } from "../../adapters/aws/guest-table.ts";
import { openDatabase } from "../../adapters/local/sqlite-database.ts";
import { SqliteGuestStore } from "../../adapters/local/sqlite-guest-store.ts";
import { countAnswers } from "../../contracts/questions.ts";
import { EventSettings } from "../../contracts/settings.ts";
import { countsFromTally } from "../../core/answer-tally.ts";
import { applyCommands } from "../../core/keeper.ts";
import type { GuestStore } from "../../core/ports.ts";
import { guestIdFor } from "../../core/seat-keeper.ts";
import { dynamoLocalClient, uniqueTableName } from "../helpers/dynamo-local.ts";
import { cancel, fakeClock, newEvent, register } from "../helpers/factories.ts";
import { sampleQuestions } from "../helpers/questions.ts";

/**
 * The answer counts the keeper keeps on the event row (core/answer-tally.ts), through the real keeper on both
 * stores: they equal counting the stored guest list, and a row from before the tally stays without one.
 */
function tallyContract(name: string, makeStore: () => Promise<GuestStore>) {
  describe(`answer counts on the event row, ${name}`, () => {
    const clock = fakeClock();
    const settings = EventSettings.parse({ questions: sampleQuestions });

    it("counts what the guests answered, as the list does, through registrations and a cancel", async () => {
      const store = await makeStore();
      const event = newEvent({ capacity: 2, settings, answerTally: {} });
      await store.createEvent(event);
      const ana = register(event.eventId, "ana@example.org", "Ana", {
        answers: { diet: "Vegan", allergies: "nuts", photos: true },
      });
      const bo = register(event.eventId, "bo@example.org", "Bo", {
        answers: { diet: "Vegetarian", help: ["Setup", "Music"], photos: true },
      });
      const cy = register(event.eventId, "cy@example.org", "Cy", {
        answers: { diet: "Vegan", photos: true },
      });
      await applyCommands(store, event.eventId, [ana, bo, cy], clock);
      await applyCommands(
        store,
        event.eventId,
        [cancel(event.eventId, guestIdFor(event.eventId, ana.commandId))],
        clock,
      );

      const stored = await store.getEvent(event.eventId);
      const guests = await store.listGuests(event.eventId);
      const questions = stored!.settings.questions;
      for (const statuses of [["confirmed"], ["offered", "waitlisted"], ["cancelled"]])
        expect(countsFromTally(stored?.answerTally, questions, statuses)).toEqual(
          countAnswers(
            questions,
            guests.filter((g) => statuses.includes(g.status)),
          ),
        );
      // Ana left: her answers moved from the confirmed guests' counts to the cancelled guests'.
      expect(stored?.answerTally?.confirmed?.diet).toEqual({ answered: 1, values: { Vegetarian: 1 } });
      expect(stored?.answerTally?.cancelled?.diet).toEqual({ answered: 1, values: { Vegan: 1 } });
    });

    it("an event row from before the tally keeps none (its counts come from the list)", async () => {
      const store = await makeStore();
      const event = newEvent({ settings });
      await store.createEvent(event);
      await applyCommands(
        store,
        event.eventId,
        [register(event.eventId, "dee@example.org", "Dee", { answers: { diet: "None", photos: true } })],
        clock,
      );
      expect((await store.getEvent(event.eventId))?.answerTally).toBeUndefined();
    });
  });
}

tallyContract("SqliteGuestStore", async () => new SqliteGuestStore(openDatabase(":memory:")));

const endpoint = inject("dynamoEndpoint");
describe.skipIf(endpoint === null)("DynamoDB Local", () => {
  const client = dynamoLocalClient(endpoint ?? "http://unused");
  const tableName = uniqueTableName("tally");
  let table: Promise<void> | undefined;
  afterAll(() => client.destroy());
  tallyContract("DynamoGuestStore", async () => {
    table ??= createGuestTable(client, tableName);
    await table;
    return new DynamoGuestStore({ client, tableName });
  });
});
