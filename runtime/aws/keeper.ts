/**
 * The keeper Lambda: the SQS FIFO command queue's consumer, the only writer of guest and counter state.
 * runtime/aws/handlers/sqs-keeper-handler.ts does the work (Powertools' FIFO partial processor, runs per event).
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { Context, SQSEvent } from "aws-lambda";
import type { Logger } from "pino";
import { type Clock, systemClock } from "../../core/ports.ts";
import { createLogger } from "../logger.ts";
import type { AwsClients } from "./adapters.ts";
import { onColdStart } from "./cold-start.ts";
import { keeperHandler } from "./handlers/sqs-keeper-handler.ts";
import { guestStore } from "./tables.ts";

/** The keeper's SQS handler on the DynamoDB guest store. */
export function composeKeeper(
  env: NodeJS.ProcessEnv,
  clients: Pick<AwsClients, "dynamo">,
  clock: Clock = systemClock,
  logger: Logger = createLogger().child({ part: "keeper" }),
) {
  return keeperHandler({ store: guestStore(env, clients.dynamo), clock, logger });
}

const composed = onColdStart(() => composeKeeper(process.env, { dynamo: new DynamoDBClient({}) }));

export const handler = async (event: SQSEvent, context: Context) => (await composed())(event, context);
