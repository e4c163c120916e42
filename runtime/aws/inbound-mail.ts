/**
 * The inbound-mail Lambda: the email-reply lane on AWS. SES stores each received message in the inbound-mail
 * bucket; S3 announces the new object on EventBridge, whose rule invokes this function; the handler
 * (runtime/aws/handlers/s3-inbound-mail-handler.ts) reads the message and puts it through the reply lane.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { SQSClient } from "@aws-sdk/client-sqs";
import { signedLinkMinter } from "../../core/link-minter.ts";
import { systemClock } from "../../core/ports.ts";
import { createLogger } from "../logger.ts";
import { commandQueue, secretsKeyring } from "./adapters.ts";
import { onColdStart } from "./cold-start.ts";
import { awsEnv, requireEnv } from "./env.ts";
import { inboundMailHandler } from "./handlers/s3-inbound-mail-handler.ts";
import { sesMailer } from "./mailer.ts";
import { guestStore } from "./tables.ts";

function compose(env: NodeJS.ProcessEnv = process.env) {
  const dynamo = new DynamoDBClient({});
  const clock = systemClock;
  const logger = createLogger().child({ part: "inbound-mail" });
  // Signed per-guest reply addresses are verified, and confirmation links signed, with the links' keys.
  const keyring = secretsKeyring(env, new SecretsManagerClient({}), clock, logger);
  const baseUrl = () => (env[awsEnv.baseUrl] ?? "").replace(/\/+$/, "");
  return inboundMailHandler({
    s3: new S3Client({}),
    bucket: requireEnv(env, awsEnv.inboundBucket),
    logger,
    refreshKeyring: () => keyring.refresh(),
    keyring: keyring.current,
    links: signedLinkMinter({ keyring: keyring.current, baseUrl, clock }),
    registerUrl: (eventId) => `${baseUrl()}/e/${eventId}`,
    reader: guestStore(env, dynamo),
    queue: commandQueue(env, new SQSClient({})),
    mailer: sesMailer(env, { dynamo, ses: new SESv2Client({}) }, clock),
    clock,
    config: { rsvp: { domain: requireEnv(env, awsEnv.inboundDomain) } },
  });
}

const composed = onColdStart(() => compose());

export const handler = async (event: unknown) => (await composed())(event);
