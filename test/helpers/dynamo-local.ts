/**
 * DynamoDB Local for the tests: runtime/dynamo-local.ts starts it (once per run, in global-setup.ts) and makes
 * its clients; each test file adds its own table names.
 */
import { randomUUID } from "node:crypto";

export {
  dynamoLocalClient,
  javaAvailable,
  type RunningDynamoLocal,
  startDynamoLocal,
} from "../../runtime/dynamo-local.ts";

/** A table name no other test file uses. */
export function uniqueTableName(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}
