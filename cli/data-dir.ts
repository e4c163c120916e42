import { existsSync } from "node:fs";
import type { EventRecord } from "../contracts/event.ts";
import { databasePath, openStores } from "../runtime/embedded/stores.ts";
import { CliError } from "./errors.ts";

export type Stores = ReturnType<typeof openStores>;

/**
 * Opens an existing data dir's stores for one command and closes them after. Safe while `rsvp start` runs on
 * the same dir: SQLite in WAL mode lets readers in beside the server, and writers wait on the busy timeout.
 */
export async function withStores<T>(
  dataDir: string,
  fn: (stores: Stores) => Promise<T> | T,
  { create = false }: { create?: boolean } = {},
): Promise<T> {
  if (!create) requireDataDir(dataDir);
  const stores = openStores(dataDir);
  try {
    return await fn(stores);
  } finally {
    stores.db.close();
  }
}

/**
 * Refuses a data dir without rsvp's database: a command that works on an existing data dir must not conjure an
 * empty one out of a typo in --data.
 */
export function requireDataDir(dataDir: string): void {
  const path = databasePath(dataDir);
  if (!existsSync(path))
    throw new CliError(`no rsvp data in ${dataDir} (expected ${path}); pass --data or set RSVP_DATA_DIR`);
}

/** The event, or a message naming what was looked for and where. */
export async function requireEvent(stores: Stores, eventId: string, dataDir: string): Promise<EventRecord> {
  const event = await stores.store.getEvent(eventId);
  if (!event) throw new CliError(`no event "${eventId}" in ${dataDir}`);
  return event;
}
