import { SqliteAuditLog } from "../../adapters/local/sqlite-audit-log.ts";
import { openDatabase } from "../../adapters/local/sqlite-database.ts";
import { auditLogContract } from "./audit-log.contract.ts";

auditLogContract("SqliteAuditLog", async () => {
  const db = openDatabase(":memory:");
  return { log: new SqliteAuditLog(db), close: async () => db.close() };
});
