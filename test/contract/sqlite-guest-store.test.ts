import { openDatabase } from "../../adapters/local/sqlite-database.ts";
import { SqliteGuestStore } from "../../adapters/local/sqlite-guest-store.ts";
import { approvalStoreContract } from "./approval.contract.ts";
import { guestStoreContract, type StoreUnderTest } from "./guest-store.contract.ts";

const sqliteStore = async (): Promise<StoreUnderTest> => {
  const db = openDatabase(":memory:");
  return {
    store: new SqliteGuestStore(db),
    close: async () => db.close(),
  };
};

guestStoreContract("SqliteGuestStore", sqliteStore);
approvalStoreContract("SqliteGuestStore", sqliteStore);
