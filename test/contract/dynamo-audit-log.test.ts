import { afterAll, describe, inject } from "vitest";
import { createAuditTable, DynamoAuditLog } from "../../adapters/aws/dynamo-audit-log.ts";
import { dynamoLocalClient, uniqueTableName } from "../helpers/dynamo-local.ts";
import { auditLogContract } from "./audit-log.contract.ts";

const endpoint = inject("dynamoEndpoint");

describe.skipIf(endpoint === null)("DynamoDB Local", () => {
  const client = dynamoLocalClient(endpoint ?? "http://unused");
  const tableName = uniqueTableName("audit");
  let table: Promise<void> | undefined;

  afterAll(() => client.destroy());

  auditLogContract("DynamoAuditLog", async () => {
    table ??= createAuditTable(client, tableName);
    await table;
    return { log: new DynamoAuditLog({ client, tableName }), close: async () => {} };
  });
});
