/**
 * The feedback Lambda: SES's bounce and complaint events (the configuration set sends them to EventBridge,
 * whose rule invokes this function) are recorded against the event their email was tagged with, for the host
 * page (adapters/aws/delivery-feedback.ts). An event it cannot read is logged and dropped: SES's suppression
 * list acts on it either way.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDeliveryProblems, problemsOf } from "../../adapters/aws/delivery-feedback.ts";
import { createLogger } from "../logger.ts";
import { onColdStart } from "./cold-start.ts";
import { awsEnv, requireEnv } from "./env.ts";

/** Records the problems of one EventBridge event carrying an SES event as its `detail`. */
export function feedbackHandler(deps: {
  problems: Pick<DynamoDeliveryProblems, "record">;
  logger: { info(o: object, msg: string): void };
}) {
  return async (event: unknown): Promise<void> => {
    const found = problemsOf((event as { detail?: unknown } | null)?.detail);
    if (!found) {
      deps.logger.info({}, "an SES event with no event tag or nothing to record");
      return;
    }
    await deps.problems.record(found.eventId, found.problems);
    deps.logger.info({ eventId: found.eventId, count: found.problems.length }, "delivery problems recorded");
  };
}

const composed = onColdStart(() =>
  feedbackHandler({
    problems: new DynamoDeliveryProblems({
      client: new DynamoDBClient({}),
      tableName: requireEnv(process.env, awsEnv.mailTable),
    }),
    logger: createLogger().child({ part: "feedback" }),
  }),
);

export const handler = async (event: unknown) => (await composed())(event);
