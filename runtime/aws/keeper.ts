/**
 * The keeper Lambda: the SQS FIFO command queue's consumer, the only writer of guest and counter state.
 * runtime/aws/handlers/sqs-keeper-handler.ts does the work (Powertools' FIFO partial processor, runs per event).
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SchedulerClient } from "@aws-sdk/client-scheduler";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { Context, SQSEvent } from "aws-lambda";
import type { Logger } from "pino";
import { SchedulerTimers } from "../../adapters/aws/scheduler-timers.ts";
import { SqsRedelivery } from "../../adapters/aws/sqs-redelivery.ts";
import { type Clock, systemClock } from "../../core/ports.ts";
import { createLogger } from "../logger.ts";
import { type AwsClients, commandQueue } from "./adapters.ts";
import { onColdStart } from "./cold-start.ts";
import { awsEnv, requireEnv } from "./env.ts";
import { keeperHandler } from "./handlers/sqs-keeper-handler.ts";
import { guestStore } from "./tables.ts";

/** The keeper's SQS handler on the DynamoDB guest store. */
export function composeKeeper(
  env: NodeJS.ProcessEnv,
  clients: Pick<AwsClients, "dynamo" | "sqs" | "scheduler">,
  clock: Clock = systemClock,
  logger: Logger = createLogger().child({ part: "keeper" }),
) {
  const redelivery = new SqsRedelivery({
    client: clients.sqs,
    queueUrl: requireEnv(env, awsEnv.commandQueueUrl),
    deadLetterQueueUrl: requireEnv(env, awsEnv.commandDeadLetterQueueUrl),
  });
  // A timer command that came before its time is booked again, as the streams function books timers.
  const timers = new SchedulerTimers({
    client: clients.scheduler,
    groupName: requireEnv(env, awsEnv.scheduleGroup),
    queueArn: requireEnv(env, awsEnv.commandQueueArn),
    roleArn: requireEnv(env, awsEnv.schedulerRoleArn),
    queue: commandQueue(env, clients.sqs),
    clock,
    deadLetterArn: env[awsEnv.scheduleDeadLetterArn] || undefined,
  });
  return keeperHandler({ store: guestStore(env, clients.dynamo), clock, logger, redelivery, timers });
}

const composed = onColdStart(() =>
  composeKeeper(process.env, {
    dynamo: new DynamoDBClient({}),
    sqs: new SQSClient({}),
    scheduler: new SchedulerClient({}),
  }),
);

export const handler = async (event: SQSEvent, context: Context) => (await composed())(event, context);
