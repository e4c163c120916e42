/**
 * The feedback Lambda: SES's bounce and complaint events (the configuration set sends them to EventBridge,
 * whose rule invokes this function) are recorded against the event their email was tagged with, for the host
 * page (adapters/aws/delivery-feedback.ts). An event it cannot read is logged and dropped: SES's suppression
 * list acts on it either way.
 *
 * An email about a guest is tagged with her id too. Her row in `RSVP_GUEST_TABLE` is read first (one strongly
 * consistent GetItem, as the Send function reads it): when her data was erased (or there is no such row), the
 * problems are recorded with the erased row's address in place of hers, as the streams function left her
 * earlier ones (docs/privacy.md), so a report SES makes after the erase does not bring her address back. Her
 * row is read again after the write: an erase that committed in between has its records moved here too.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDeliveryProblems, problemsOf, withAddress } from "../../adapters/aws/delivery-feedback.ts";
import { guestErasures } from "../../adapters/aws/guest-erasures.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import { erasedAddress } from "../../core/erased-address.ts";
import { mayStillSend } from "../../core/mail-recipient.ts";
import { createLogger } from "../logger.ts";
import { onColdStart } from "./cold-start.ts";
import { awsEnv, requireEnv } from "./env.ts";

/** Records the problems of one EventBridge event carrying an SES event as its `detail`. */
export function feedbackHandler(deps: {
  problems: Pick<DynamoDeliveryProblems, "record" | "forgetAddress">;
  /** The guest's row as it stands now (null: there is none); only `erasedAt` is looked at. */
  guestOf: (eventId: string, guestId: string) => Promise<Pick<GuestRecord, "erasedAt"> | null>;
  logger: { info(o: object, msg: string): void };
}) {
  const erasedNow = async (eventId: string, guestId: string) =>
    !(await mayStillSend({ eventId, guestId }, deps.guestOf));
  return async (event: unknown): Promise<void> => {
    const found = problemsOf((event as { detail?: unknown } | null)?.detail);
    if (!found) {
      deps.logger.info({}, "an SES event with no event tag or nothing to record");
      return;
    }
    const { eventId, guestId } = found;
    if (guestId === null) {
      await deps.problems.record(eventId, found.problems);
      deps.logger.info(
        { eventId, count: found.problems.length, erased: false },
        "delivery problems recorded",
      );
      return;
    }
    const placeholder = erasedAddress(guestId);
    const erased = await erasedNow(eventId, guestId);
    await deps.problems.record(eventId, erased ? withAddress(found.problems, placeholder) : found.problems);
    // An erase that committed between the read above and the write: the streams function may have moved her
    // records before this one landed, so this one is moved here (both moves are idempotent).
    const erasedSince = !erased && (await erasedNow(eventId, guestId));
    if (erasedSince) await forgetReported(deps.problems, eventId, found.problems, placeholder);
    deps.logger.info(
      { eventId, count: found.problems.length, erased: erased || erasedSince },
      "delivery problems recorded",
    );
  };
}

/** Each address the report named, moved to the erased row's address as the streams function moves them. */
async function forgetReported(
  problems: Pick<DynamoDeliveryProblems, "forgetAddress">,
  eventId: string,
  reported: readonly { email: string }[],
  replacement: string,
): Promise<void> {
  for (const address of new Set(reported.map((p) => p.email))) {
    await problems.forgetAddress(eventId, address, replacement);
  }
}

const composed = onColdStart(() => {
  const client = new DynamoDBClient({});
  return feedbackHandler({
    problems: new DynamoDeliveryProblems({ client, tableName: requireEnv(process.env, awsEnv.mailTable) }),
    guestOf: guestErasures(client, requireEnv(process.env, awsEnv.guestTable)),
    logger: createLogger().child({ part: "feedback" }),
  });
});

export const handler = async (event: unknown) => (await composed())(event);
