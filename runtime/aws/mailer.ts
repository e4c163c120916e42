/**
 * The SES mailer as the Send function composes it (the streams and inbound-mail functions only queue send
 * jobs; see adapters.ts). Apart from adapters.ts so the web, keeper and import functions load no SES client and
 * no MIME composer at cold start (see tables.ts for why a module an entry imports costs its SDK clients).
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { SESv2Client } from "@aws-sdk/client-sesv2";
import { guestErasures } from "../../adapters/aws/guest-erasures.ts";
import { isThrottled, PacedMailer, sleepUntil } from "../../adapters/aws/paced-mailer.ts";
import { SesMailer } from "../../adapters/aws/ses-mailer.ts";
import type { OutgoingEmail } from "../../core/mail-ports.ts";
import { mayStillSend } from "../../core/mail-recipient.ts";
import type { Clock } from "../../core/ports.ts";
import { awsEnv, requireEnv } from "./env.ts";

/** The SES mailer with its send-once claims, their lease from `RSVP_MAIL_LEASE_SECONDS` when set. */
const claimingSesMailer = (
  env: NodeJS.ProcessEnv,
  clients: { dynamo: DynamoDBClient; ses: SESv2Client },
  clock: Clock,
) => {
  const lease = Number(env[awsEnv.mailLeaseSeconds]);
  return new SesMailer({
    ses: clients.ses,
    dynamo: clients.dynamo,
    idempotencyTableName: requireEnv(env, awsEnv.mailTable),
    from: requireEnv(env, awsEnv.mailFrom),
    configurationSetName: requireEnv(env, awsEnv.sesConfigurationSet),
    clock,
    ...(lease > 0 ? { staleClaimMs: lease * 1000 } : {}),
  });
};

/**
 * The Send function's delivery: SesMailer.deliver (once per key, `held` while another delivery's lease runs)
 * in the slots of `RSVP_SES_SEND_RATE`, riding out a throttle or two in place; a send SES keeps refusing
 * throws, and its job waits in the queue instead (runtime/aws/handlers/sqs-send-handler.ts). Right before each
 * send (in its slot, so not a slot's wait earlier) the guest's row in `RSVP_GUEST_TABLE` is read: an email for
 * a guest whose data was erased since it was queued is never sent (`erased`; core/mail-recipient.ts).
 */
export const sesDelivery = (
  env: NodeJS.ProcessEnv,
  clients: { dynamo: DynamoDBClient; ses: SESv2Client },
  clock: Clock,
  wait: (at: number) => Promise<void> = sleepUntil,
) => {
  const mailer = claimingSesMailer(env, clients, clock);
  const guestOf = guestErasures(clients.dynamo, requireEnv(env, awsEnv.guestTable));
  const send = async (email: OutgoingEmail) =>
    (await mayStillSend(email, guestOf)) ? mailer.deliver(email) : ({ kind: "erased" } as const);
  const rate = Number(env[awsEnv.sesSendRate]);
  const pacer =
    rate > 0
      ? new PacedMailer(mailer, {
          ratePerSecond: rate,
          now: () => clock.now().getTime(),
          sleepUntil: wait,
          maxWaitMs: 1_000,
        })
      : null;
  return {
    deliver: (email: OutgoingEmail) => (pacer ? pacer.pace(() => send(email)) : send(email)),
    isThrottled,
  };
};
