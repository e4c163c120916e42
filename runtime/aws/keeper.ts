/**
 * The keeper Lambda: the SQS FIFO command queue's consumer, the only writer of guest and counter state.
 * consumers/sqs-keeper-handler.ts does the work (Powertools' FIFO partial processor, runs per event).
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { Context, SQSEvent } from "aws-lambda";
import { keeperHandler } from "../../consumers/sqs-keeper-handler.ts";
import { systemClock } from "../../core/ports.ts";
import { createLogger } from "../logger.ts";
import { guestStore } from "./adapters.ts";
import { onColdStart } from "./cold-start.ts";

function compose(env: NodeJS.ProcessEnv = process.env) {
  return keeperHandler({
    store: guestStore(env, new DynamoDBClient({})),
    clock: systemClock,
    logger: createLogger().child({ part: "keeper" }),
  });
}

const composed = onColdStart(() => compose());

export const handler = async (event: SQSEvent, context: Context) => (await composed())(event, context);
