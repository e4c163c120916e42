/**
 * The Send Lambda: the mail path's standard queue of send jobs (contracts/send-job.ts), each email sent once
 * per key through SES, paced to this function's share of the account's rate, by
 * runtime/aws/handlers/sqs-send-handler.ts. Several run at once (the event source's maximum concurrency), so a
 * rush's emails go out in parallel across guests at the account's rate.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { Context, SQSEvent } from "aws-lambda";
import type { Logger } from "pino";
import { type Clock, systemClock } from "../../core/ports.ts";
import { createLogger } from "../logger.ts";
import { onColdStart } from "./cold-start.ts";
import { sendHandler } from "./handlers/sqs-send-handler.ts";
import { sesDelivery } from "./mailer.ts";
import { sendJobs } from "./send-jobs.ts";

/** The Send function's handler on the AWS adapters. `wait`: how the pacing waits (a clock move in tests). */
export function composeSend(
  env: NodeJS.ProcessEnv,
  clients: { dynamo: DynamoDBClient; sqs: SQSClient; ses: SESv2Client },
  clock: Clock = systemClock,
  logger: Logger = createLogger().child({ part: "send" }),
  wait?: (at: number) => Promise<void>,
) {
  const jobs = sendJobs(env, clients.sqs, clock);
  const { deliver, isThrottled } = sesDelivery(env, clients, clock, wait);
  return sendHandler({
    deliver,
    isThrottled,
    later: (job, delaySeconds) => jobs.later(job, delaySeconds),
    clock,
    logger,
  });
}

const composed = onColdStart(() =>
  composeSend(process.env, {
    dynamo: new DynamoDBClient({}),
    sqs: new SQSClient({}),
    ses: new SESv2Client({}),
  }),
);

export const handler = async (event: SQSEvent, context: Context) => (await composed())(event, context);
