import { BatchWriteItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoGuestStore } from "../../adapters/aws/dynamo-guest-store.ts";
import { createGuestTable, guestItem } from "../../adapters/aws/guest-table.ts";
import { openDatabase } from "../../adapters/local/sqlite-database.ts";
import { SqliteGuestStore } from "../../adapters/local/sqlite-guest-store.ts";
import type { EventRecord } from "../../contracts/event.ts";
import { applyCommands } from "../../core/keeper.ts";
import { guestIdFor } from "../../core/seat-keeper.ts";
import { uniqueTableName } from "./dynamo-local.ts";
import { cancel, fakeClock, hostedEvent, register } from "./factories.ts";

/** One long guest list, held the same by both stores. */
export interface SeededLists {
  event: EventRecord;
  /** The event's host link token (`/h/<token>`). */
  hostToken: string;
  sqlite: SqliteGuestStore;
  dynamo: DynamoGuestStore;
}

/**
 * `guests` registrations decided by the real keeper on SQLite, a millisecond apart (so registration order is
 * one order on both stores), `capacity` seats (the rest wait in line) and every 7th guest cancelled (the line
 * moves: offers), then the same event and guest rows written to a fresh DynamoDB Local table as the store
 * writes them. `perCall` > 1 registers that many in one keeper batch: guests with equal `createdAt`.
 */
export async function seedLists(
  client: DynamoDBClient,
  options: {
    guests: number;
    capacity: number;
    perCall?: number;
    settings?: NonNullable<Parameters<typeof hostedEvent>[0]>["settings"];
    /** Each guest's answers to the event's questions, by their number. */
    answers?: (i: number) => Record<string, unknown>;
  },
): Promise<SeededLists> {
  const clock = fakeClock();
  const sqlite = new SqliteGuestStore(openDatabase(":memory:"));
  const { event: created, hostToken } = hostedEvent({
    capacity: options.capacity,
    now: clock.now(),
    ...(options.settings ? { settings: options.settings } : {}),
  });
  await sqlite.createEvent(created);
  const { eventId } = created;
  const perCall = options.perCall ?? 1;
  const ids: string[] = [];
  for (let i = 0; i < options.guests; i += perCall) {
    const batch = Array.from({ length: Math.min(perCall, options.guests - i) }, (_, j) =>
      register(eventId, `guest${i + j}@example.org`, `Guest ${i + j}`, {
        issuedAt: clock.now(),
        answers: options.answers?.(i + j) ?? {},
      }),
    );
    await applyCommands(sqlite, eventId, batch, clock);
    ids.push(...batch.map((c) => guestIdFor(eventId, c.commandId)));
    clock.advance(1);
  }
  const leaving = ids.filter((_, i) => i % 7 === 3);
  for (let i = 0; i < leaving.length; i += 50)
    await applyCommands(
      sqlite,
      eventId,
      leaving.slice(i, i + 50).map((id) => cancel(eventId, id)),
      clock,
    );

  const tableName = uniqueTableName("roster");
  await createGuestTable(client, tableName);
  const dynamo = new DynamoGuestStore({ client, tableName });
  const event = (await sqlite.getEvent(eventId))!;
  await dynamo.createEvent(event);
  const guests = await sqlite.listGuests(eventId);
  for (let i = 0; i < guests.length; i += 25)
    await client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [tableName]: guests.slice(i, i + 25).map((g) => ({ PutRequest: { Item: guestItem(g) } })),
        },
      }),
    );
  return { event, hostToken, sqlite, dynamo };
}
