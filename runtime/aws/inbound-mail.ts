/**
 * The inbound-mail Lambda: the email-reply lane on AWS. SES stores each received message in the inbound-mail
 * bucket; S3 announces the new object on EventBridge, whose rule invokes this function; the handler
 * (runtime/aws/handlers/s3-inbound-mail-handler.ts) reads the message and puts it through the reply lane.
 * Its one answer (a confirmation link, the manage link of an unclear reply, a party page) is queued as a send
 * job on the mail path's queue, as the streams function's emails are: the Send function sends it, paced to the
 * account's rate, retried while SES throttles, and set aside as a dead letter when SES refuses it.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { Logger } from "pino";
import { signedLinkMinter } from "../../core/link-minter.ts";
import { type Clock, systemClock } from "../../core/ports.ts";
import { createLogger } from "../logger.ts";
import { type AwsClients, commandQueue, secretsKeyring } from "./adapters.ts";
import { onColdStart } from "./cold-start.ts";
import { awsEnv, requireEnv } from "./env.ts";
import { inboundMailHandler } from "./handlers/s3-inbound-mail-handler.ts";
import { sendJobs } from "./send-jobs.ts";
import { guestStore } from "./tables.ts";

/** The inbound-mail function's handler on the AWS adapters. */
export function composeInboundMail(
  env: NodeJS.ProcessEnv,
  clients: Pick<AwsClients, "dynamo" | "sqs" | "secrets"> & { s3: S3Client },
  clock: Clock = systemClock,
  logger: Logger = createLogger().child({ part: "inbound-mail" }),
) {
  // Signed per-guest reply addresses are verified, and confirmation links signed, with the links' keys.
  const keyring = secretsKeyring(env, clients.secrets, clock, logger);
  const baseUrl = () => (env[awsEnv.baseUrl] ?? "").replace(/\/+$/, "");
  return inboundMailHandler({
    s3: clients.s3,
    bucket: requireEnv(env, awsEnv.inboundBucket),
    logger,
    refreshKeyring: () => keyring.refresh(),
    keyring: keyring.current,
    links: signedLinkMinter({ keyring: keyring.current, baseUrl, clock }),
    registerUrl: (eventId) => `${baseUrl()}/e/${eventId}`,
    reader: guestStore(env, clients.dynamo),
    queue: commandQueue(env, clients.sqs),
    // The answer is a send job: the mail path sends it (send.ts), once per key, paced and retried.
    mailer: sendJobs(env, clients.sqs, clock),
    clock,
    config: { rsvp: { domain: requireEnv(env, awsEnv.inboundDomain) } },
  });
}

const composed = onColdStart(() =>
  composeInboundMail(process.env, {
    dynamo: new DynamoDBClient({}),
    sqs: new SQSClient({}),
    secrets: new SecretsManagerClient({}),
    s3: new S3Client({}),
  }),
);

export const handler = async (event: unknown) => (await composed())(event);
