import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DynamoGuestStore } from "../../adapters/aws/dynamo-guest-store.ts";
import { createGuestTable } from "../../adapters/aws/guest-table.ts";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import { countAnswers } from "../../contracts/questions.ts";
import { EventSettings } from "../../contracts/settings.ts";
import { countsFromTally } from "../../core/answer-tally.ts";
import { countAnswersTool } from "../../core/host-questions/answer-tool.ts";
import { hostReadModel } from "../../core/host-questions/read-model.ts";
import { applyCommands } from "../../core/keeper.ts";
import type { GuestReader } from "../../core/ports.ts";
import { guestIdFor } from "../../core/seat-keeper.ts";
import { dynamoLocalClient, uniqueTableName } from "../helpers/dynamo-local.ts";
import { cancel, fakeClock, hostedEvent, register } from "../helpers/factories.ts";
import { sampleQuestions } from "../helpers/questions.ts";

/**
 * The counts the keeper keeps on the event row, under concurrent keepers on DynamoDB Local: three stores (three
 * keepers, each taking its own turns, as overlapping Lambda deliveries would) register and cancel guests of one
 * event at once. Every commit is conditioned on the event's version, so the refused ones are decided again:
 * the answers' tally equals counting the stored list, the roster count is the list's length and the part marks
 * are those of the list in registration order. The host assistant's answer counts are read from the row.
 */
const endpoint = inject("dynamoEndpoint");
describe.skipIf(endpoint === null)(
  "the event row's counts under concurrent keepers on DynamoDB Local",
  () => {
    const client = dynamoLocalClient(endpoint ?? "http://unused");
    const tableName = uniqueTableName("counts");
    let refused = 0;
    const keepers = [0, 1, 2].map(() => {
      const keeper = new DynamoGuestStore({ client, tableName });
      // Counts the commits the store refused (the event's version had moved): the keepers did overlap.
      const commit = keeper.commit.bind(keeper);
      keeper.commit = async (decision) => {
        const result = await commit(decision);
        if (!result.ok) refused += 1;
        return result;
      };
      return keeper;
    });
    const store = keepers[0]!;
    const clock = fakeClock();
    const settings = EventSettings.parse({ questions: sampleQuestions });
    const diets = ["None", "Vegetarian", "Vegan"];
    let event: EventRecord;
    let whole: GuestRecord[];

    beforeAll(async () => {
      await createGuestTable(client, tableName);
      ({ event } = hostedEvent({ capacity: 50, now: clock.now(), settings }));
      await store.createEvent(event);
      const registrations = Array.from({ length: 150 }, (_, i) =>
        register(event.eventId, `guest${i}@example.org`, `Guest ${i}`, {
          issuedAt: clock.now(),
          answers: {
            diet: diets[i % 3],
            photos: i % 2 === 0,
            ...(i % 4 === 0 ? { help: ["Setup", "Music"] } : {}),
            ...(i % 5 === 0 ? { allergies: "nuts" } : {}),
          },
        }),
      );
      // Each keeper takes every third registration, ten at a time, all three at once.
      await Promise.all(
        keepers.map(async (keeper, k) => {
          const mine = registrations.filter((_, i) => i % 3 === k);
          for (let i = 0; i < mine.length; i += 10)
            await applyCommands(keeper, event.eventId, mine.slice(i, i + 10), clock, {
              pause: async () => {},
            });
        }),
      );
      // Then every seventh leaves, again through all three at once.
      const leaving = registrations.filter((_, i) => i % 7 === 3);
      await Promise.all(
        keepers.map((keeper, k) =>
          applyCommands(
            keeper,
            event.eventId,
            leaving
              .filter((_, i) => i % 3 === k)
              .map((r) => cancel(event.eventId, guestIdFor(event.eventId, r.commandId))),
            clock,
            { pause: async () => {} },
          ),
        ),
      );
      event = (await store.getEvent(event.eventId))!;
      whole = await store.listGuests(event.eventId);
    }, 180_000);
    afterAll(() => client.destroy());

    it("keeps the answers' tally equal to counting the stored list, for every status", () => {
      const questions = event.settings.questions;
      expect(whole.length).toBe(150);
      expect(refused).toBeGreaterThan(0);
      for (const statuses of [
        ["confirmed"],
        ["waitlisted", "offered"],
        ["cancelled"],
        ["confirmed", "cancelled"],
      ])
        expect(countsFromTally(event.answerTally, questions, statuses)).toEqual(
          countAnswers(
            questions,
            whole.filter((g) => statuses.includes(g.status)),
          ),
        );
    });

    it("counts every guest row once, and the parts between its marks hold every guest once", async () => {
      expect(event.rosterSize).toBe(150);
      const { count, marks } = await store.guestListMarks(event.eventId, 20);
      expect([count, marks.length]).toEqual([150, 7]);
      // All 150 registered in one millisecond (the test's clock stands still), by batches committed in any
      // order: a mark is the 20th guest written, not always the 20th in (time, guest id) order, so the parts'
      // sizes may differ from 20, but each guest is in exactly one part.
      const parts: GuestRecord[] = [];
      for (let i = 0; i <= marks.length; i += 1) {
        const part = await store.guestListPart(event.eventId, {
          most: 150,
          ...(i > 0 ? { after: marks[i - 1]! } : {}),
          ...(i < marks.length ? { through: marks[i]! } : {}),
        });
        parts.push(...part.guests);
      }
      expect(parts.map((g) => g.guestId)).toEqual(whole.map((g) => g.guestId));
    });

    it("answers the host assistant's answer counts from the row, reading the list only for statuses it does not count", async () => {
      let listReads = 0;
      const reader: Pick<GuestReader, "getEvent" | "listGuests"> = {
        getEvent: (id) => store.getEvent(id),
        listGuests: (id) => {
          listReads += 1;
          return store.listGuests(id);
        },
      };
      const ask = (statuses?: ("confirmed" | "waitlisted" | "cancelled")[]) =>
        countAnswersTool.run(
          { read: hostReadModel(reader, null, event.eventId), now: clock.now() },
          statuses ? { statuses } : {},
        );
      const confirmed = whole.filter((g) => g.status === "confirmed");
      const fromRow = await ask();
      expect(listReads).toBe(0);
      expect(fromRow.data.guestsCounted).toBe(confirmed.length);
      expect(fromRow.data.questions.find((q) => q.label === "Dietary needs")?.options).toEqual(
        diets.map((option) => ({
          option,
          guests: confirmed.filter((g) => g.answers?.diet === option).length,
        })),
      );
      expect((await ask(["confirmed", "waitlisted"])).data.guestsCounted).toBe(
        whole.filter((g) => g.status === "confirmed" || g.status === "waitlisted").length,
      );
      expect(listReads).toBe(0);
      // The row does not count the guests who left: those are counted from the list, with the same answer shape.
      const left = await ask(["cancelled"]);
      expect(listReads).toBe(1);
      expect(left.data.guestsCounted).toBe(whole.filter((g) => g.status === "cancelled").length);
    });
  },
);
