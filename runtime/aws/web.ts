/**
 * The web Lambda: the Hono app (producers/web) behind a Function URL. `hono/aws-lambda` translates the
 * Function URL event into a Request and the Response back; routes read the guest table and enqueue commands.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { handle, type LambdaContext, type LambdaEvent } from "hono/aws-lambda";
import { DynamoAuditLog } from "../../adapters/aws/dynamo-audit-log.ts";
import { systemClock } from "../../core/ports.ts";
import { createWebApp } from "../../producers/web/app.ts";
import { createLogger } from "../logger.ts";
import { commandQueue, guestStore, secretsKeyring } from "./adapters.ts";
import { onColdStart } from "./cold-start.ts";
import { awsEnv, requireEnv } from "./env.ts";

function compose(env: NodeJS.ProcessEnv = process.env) {
  const dynamo = new DynamoDBClient({});
  const clock = systemClock;
  const logger = createLogger().child({ part: "web" });
  const keyring = secretsKeyring(env, clock, (err) =>
    logger.error({ err }, "signing keys could not be fetched again; still using the keys fetched before"),
  );
  const app = createWebApp({
    reader: guestStore(env, dynamo),
    queue: commandQueue(env),
    clock,
    logger,
    // Empty: links are built from the request's own origin, the Function URL.
    baseUrl: () => env[awsEnv.baseUrl] ?? "",
    audit: new DynamoAuditLog({ client: dynamo, tableName: requireEnv(env, awsEnv.auditTable) }),
    links: { keyring: keyring.current },
  });
  const serve = handle(app);
  return async (event: LambdaEvent, context?: LambdaContext) => {
    // Link pages read the keyring synchronously: make sure it is loaded (a no-op while the cache is fresh).
    await keyring.refresh();
    return serve(event, context);
  };
}

const composed = onColdStart(() => compose());

export const handler = async (event: LambdaEvent, context?: LambdaContext) =>
  (await composed())(event, context);
