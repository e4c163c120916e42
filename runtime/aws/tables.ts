/**
 * The DynamoDB adapters as the Lambda entries compose them (see adapters.ts): the guest store and the audit
 * log on the tables the stateful stack names in the environment.
 *
 * Apart from adapters.ts because of cold starts: a bundle loads every SDK client that any module it reaches
 * imports, used or not (esbuild keeps the import of an external module even when it drops every use of it),
 * so the keeper, which needs only the guest table, imports only this and loads no SQS, SES or Secrets
 * Manager client.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoAuditLog } from "../../adapters/aws/dynamo-audit-log.ts";
import { DynamoGuestStore } from "../../adapters/aws/dynamo-guest-store.ts";
import { awsEnv, requireEnv } from "./env.ts";

export const guestStore = (env: NodeJS.ProcessEnv, dynamo: DynamoDBClient) =>
  new DynamoGuestStore({ client: dynamo, tableName: requireEnv(env, awsEnv.guestTable) });

export const auditLog = (env: NodeJS.ProcessEnv, dynamo: DynamoDBClient) =>
  new DynamoAuditLog({ client: dynamo, tableName: requireEnv(env, awsEnv.auditTable) });
