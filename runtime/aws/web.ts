/**
 * The web Lambda: the Hono app (producers/web) behind a Function URL. `hono/aws-lambda` translates the
 * Function URL event into a Request and the Response back; routes read the guest table and enqueue commands.
 */

import { createHash, timingSafeEqual } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SQSClient } from "@aws-sdk/client-sqs";
import { getConnInfo, handle, type LambdaContext, type LambdaEvent } from "hono/aws-lambda";
import type { Logger } from "pino";
import { bedrockHostAssistant } from "../../adapters/aws/bedrock-assistant.ts";
import { DynamoDeliveryProblems } from "../../adapters/aws/delivery-feedback.ts";
import { S3GuestListFiles } from "../../adapters/aws/s3-guest-list-files.ts";
import { assistantConfigFromEnv } from "../../contracts/assistant.ts";
import { type Clock, systemClock } from "../../core/ports.ts";
import { calendarSiteOf } from "../../mail/calendar.ts";
import { storeAdminService } from "../../producers/web/admin-service.ts";
import { createWebApp } from "../../producers/web/app.ts";
import { createLogger } from "../logger.ts";
import { type AwsClients, commandQueue, secretsKeyring } from "./adapters.ts";
import { onColdStart } from "./cold-start.ts";
import { awsEnv } from "./env.ts";
import { auditLog, guestStore } from "./tables.ts";

/**
 * The web app on the AWS adapters, and the keyring its link pages read: await `keyring.refresh()` before
 * serving a request (a no-op while the cache is fresh).
 */
export function composeWeb(
  env: NodeJS.ProcessEnv,
  clients: Pick<AwsClients, "dynamo" | "sqs" | "secrets"> & { s3?: S3Client },
  clock: Clock = systemClock,
  logger: Logger = createLogger().child({ part: "web" }),
) {
  const keyring = secretsKeyring(env, clients.secrets, clock, logger);
  const store = guestStore(env, clients.dynamo);
  const queue = commandQueue(env, clients.sqs);
  const adminHash = env[awsEnv.adminTokenHash];
  const mailTable = env[awsEnv.mailTable];
  const exportBucket = env[awsEnv.exportBucket];
  const app = createWebApp({
    reader: store,
    queue,
    clock,
    logger,
    // Empty: links are built from the request's own origin, the Function URL.
    baseUrl: () => env[awsEnv.baseUrl] ?? "",
    // The site the emails' calendar UIDs live on (as the streams function's), for the .ics download.
    calendarSite: () => calendarSiteOf(env[awsEnv.mailFrom], env[awsEnv.baseUrl]),
    audit: auditLog(env, clients.dynamo),
    // Bounces and complaints SES reported (the feedback function records them in the mail table).
    ...(mailTable
      ? { deliveryProblems: new DynamoDeliveryProblems({ client: clients.dynamo, tableName: mailTable }) }
      : {}),
    links: { keyring: keyring.current },
    // A long guest list as one file in S3, linked for 15 minutes (deleted after a day by the bucket's rule).
    ...(exportBucket && clients.s3
      ? { guestListFiles: new S3GuestListFiles({ client: clients.s3, bucket: exportBucket }) }
      : {}),
    // The host's questions: Claude on Bedrock with read-only tools when the stack configures a model.
    assistant: bedrockHostAssistant(assistantConfigFromEnv(env)),
    // Per warm function (memory), by the Function URL's source IP; the default as `rsvp start`'s.
    rateLimit: {
      perMinute: /^\d{1,7}$/.test(env.RSVP_RATE_LIMIT ?? "") ? Number(env.RSVP_RATE_LIMIT) : 30,
      clientAddress: (c) => (c.env?.requestContext ? getConnInfo(c).remote.address : undefined),
    },
    // The owner's admin area, when the stack was given the hash of an admin token.
    ...(adminHash
      ? {
          admin: {
            service: storeAdminService({ store, queue, clock }),
            verifyAdminToken: adminTokenHashVerifier(adminHash),
          },
        }
      : {}),
  });
  return { app, keyring };
}

/** A constant-time check of a presented token against the SHA-256 (hex) of the admin token. */
export function adminTokenHashVerifier(hashHex: string): (presented: string) => boolean {
  const expected = Buffer.from(hashHex, "hex");
  return (presented) => {
    const actual = createHash("sha256").update(presented).digest();
    return expected.length === actual.length && timingSafeEqual(actual, expected);
  };
}

function compose(env: NodeJS.ProcessEnv = process.env) {
  const { app, keyring } = composeWeb(env, {
    dynamo: new DynamoDBClient({}),
    sqs: new SQSClient({}),
    secrets: new SecretsManagerClient({}),
    s3: new S3Client({}),
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
