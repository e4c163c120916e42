import { openDatabase } from "../../adapters/local/sqlite-database.ts";
import { SqliteGuestStore } from "../../adapters/local/sqlite-guest-store.ts";
import { guestStoreContract } from "./guest-store.contract.ts";

guestStoreContract("SqliteGuestStore", async () => {
  const db = openDatabase(":memory:");
  return {
    store: new SqliteGuestStore(db),
    close: async () => db.close(),
  };
});
