/**
 * The streams Lambda: the guest table's DynamoDB stream, through the same change handlers the embedded change
 * feed runs (audit rows, waitlist offers, reminder timers, emails), by streams/dynamo-stream-handler.ts.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SchedulerClient } from "@aws-sdk/client-scheduler";
import type { Context, DynamoDBStreamEvent } from "aws-lambda";
import { DynamoAuditLog } from "../../adapters/aws/dynamo-audit-log.ts";
import { SchedulerTimers } from "../../adapters/aws/scheduler-timers.ts";
import { signedLinkMinter } from "../../core/link-minter.ts";
import { rsvpReplyAddress } from "../../core/mail-identity.ts";
import { systemClock } from "../../core/ports.ts";
import { changeHandlers } from "../../streams/change-handlers.ts";
import { streamHandler } from "../../streams/dynamo-stream-handler.ts";
import { createLogger } from "../logger.ts";
import { commandQueue, guestStore, secretsKeyring, sesMailer } from "./adapters.ts";
import { onColdStart } from "./cold-start.ts";
import { awsEnv, requireEnv } from "./env.ts";

function compose(env: NodeJS.ProcessEnv = process.env) {
  const dynamo = new DynamoDBClient({});
  const clock = systemClock;
  const logger = createLogger().child({ part: "streams" });
  const queue = commandQueue(env);
  const keyring = secretsKeyring(env, clock, (err) =>
    logger.error({ err }, "signing keys could not be fetched again; still using the keys fetched before"),
  );
  const inboundDomain = env[awsEnv.inboundDomain];
  const handle = streamHandler({
    logger,
    handlers: changeHandlers({
      audit: new DynamoAuditLog({ client: dynamo, tableName: requireEnv(env, awsEnv.auditTable) }),
      queue,
      reader: guestStore(env, dynamo),
      timers: new SchedulerTimers({
        client: new SchedulerClient({}),
        groupName: requireEnv(env, awsEnv.scheduleGroup),
        queueArn: requireEnv(env, awsEnv.commandQueueArn),
        roleArn: requireEnv(env, awsEnv.schedulerRoleArn),
        queue,
        clock,
      }),
      mailer: sesMailer(env, dynamo, clock),
      links: signedLinkMinter({ keyring: keyring.current, baseUrl: () => env[awsEnv.baseUrl] ?? "", clock }),
      clock,
      replyTo: inboundDomain ? (eventId) => rsvpReplyAddress(eventId, { domain: inboundDomain }) : undefined,
    }),
  });
  return async (event: DynamoDBStreamEvent, context: Context) => {
    // Emails' links are signed synchronously: make sure the keyring is loaded (a no-op while it is fresh).
    await keyring.refresh();
    return handle(event, context);
  };
}

const composed = onColdStart(() => compose());

export const handler = async (event: DynamoDBStreamEvent, context: Context) =>
  (await composed())(event, context);
