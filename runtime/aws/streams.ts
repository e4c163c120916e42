/**
 * The streams Lambda: the guest table's DynamoDB stream, through the same change handlers the embedded change
 * feed runs (audit rows, waitlist offers, reminder timers, emails), by runtime/aws/handlers/dynamo-stream-handler.ts.
 * Emails are rendered here and queued as send jobs; the Send function (send.ts) sends them.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SchedulerClient } from "@aws-sdk/client-scheduler";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { Context, DynamoDBStreamEvent } from "aws-lambda";
import type { Logger } from "pino";
import { bedrockThankYouDrafter } from "../../adapters/aws/bedrock-drafter.ts";
import { DynamoDeliveryProblems } from "../../adapters/aws/delivery-feedback.ts";
import { SchedulerTimers } from "../../adapters/aws/scheduler-timers.ts";
import { assistantConfigFromEnv } from "../../contracts/assistant.ts";
import { signedLinkMinter } from "../../core/link-minter.ts";
import { signedReplyAddresses } from "../../core/mail-identity.ts";
import { type Clock, systemClock } from "../../core/ports.ts";
import { calendarSiteOf } from "../../mail/calendar.ts";
import { changeHandlers } from "../../streams/change-handlers.ts";
import { createLogger } from "../logger.ts";
import { type AwsClients, commandQueue, secretsKeyring } from "./adapters.ts";
import { onColdStart } from "./cold-start.ts";
import { awsEnv, requireEnv } from "./env.ts";
import { streamHandler } from "./handlers/dynamo-stream-handler.ts";
import { sendJobs } from "./send-jobs.ts";
import { auditLog, guestStore } from "./tables.ts";

/** The stream handler over the change handlers, on the AWS adapters; it loads the signing keys itself. */
export function composeStreams(
  env: NodeJS.ProcessEnv,
  clients: Omit<AwsClients, "ses">,
  clock: Clock = systemClock,
  logger: Logger = createLogger().child({ part: "streams" }),
) {
  const { dynamo } = clients;
  const queue = commandQueue(env, clients.sqs);
  const keyring = secretsKeyring(env, clients.secrets, clock, logger);
  const inboundDomain = env[awsEnv.inboundDomain];
  const mailTable = env[awsEnv.mailTable];
  const handle = streamHandler({
    logger,
    handlers: changeHandlers({
      audit: auditLog(env, dynamo),
      queue,
      reader: guestStore(env, dynamo),
      timers: new SchedulerTimers({
        client: clients.scheduler,
        groupName: requireEnv(env, awsEnv.scheduleGroup),
        queueArn: requireEnv(env, awsEnv.commandQueueArn),
        roleArn: requireEnv(env, awsEnv.schedulerRoleArn),
        queue,
        clock,
        deadLetterArn: env[awsEnv.scheduleDeadLetterArn] || undefined,
      }),
      // Emails become send jobs on the mail path's queue; the Send function sends them, paced (send.ts).
      mailer: sendJobs(env, clients.sqs, clock),
      links: signedLinkMinter({
        keyring: keyring.current,
        baseUrl: () => env[awsEnv.baseUrl] ?? "",
        clock,
        checkInCodes: true,
      }),
      clock,
      replyTo: inboundDomain ? signedReplyAddresses(keyring.current, { domain: inboundDomain }) : undefined,
      // Calendar UIDs live on the SES sender's domain.
      calendar: calendarSiteOf(env[awsEnv.mailFrom], env[awsEnv.baseUrl]),
      // The thank-you note's drafter: Bedrock with the model the stack configures; without one, the template.
      drafter: bedrockThankYouDrafter(assistantConfigFromEnv(env)),
      logger,
      // An erase gives the guest's bounces and complaints (the feedback function's records) the erased address.
      problems: mailTable ? new DynamoDeliveryProblems({ client: dynamo, tableName: mailTable }) : undefined,
    }),
  });
  return async (event: DynamoDBStreamEvent, context?: Context) => {
    // Emails' links are signed synchronously: make sure the keyring is loaded (a no-op while it is fresh).
    await keyring.refresh();
    return handle(event, context);
  };
}

const composed = onColdStart(() =>
  composeStreams(process.env, {
    dynamo: new DynamoDBClient({}),
    sqs: new SQSClient({}),
    scheduler: new SchedulerClient({}),
    secrets: new SecretsManagerClient({}),
  }),
);

export const handler = async (event: DynamoDBStreamEvent, context: Context) =>
  (await composed())(event, context);
