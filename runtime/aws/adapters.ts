/**
 * The AWS adapters as the Lambda entries compose them, each from the environment the stateless stack sets and
 * the SDK clients it is given. Called from an entry's `compose()` at cold start, never on import; the
 * in-process AWS runtime (tools/aws-local) calls the same compositions with its stand-in clients. The
 * DynamoDB ones are in tables.ts and the SES mailer in mailer.ts, so that each entry loads only the SDK
 * clients it uses (why that takes separate modules: see tables.ts).
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { SchedulerClient } from "@aws-sdk/client-scheduler";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { SESv2Client } from "@aws-sdk/client-sesv2";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { Logger } from "pino";
import { SecretsKeyring } from "../../adapters/aws/secrets-keyring.ts";
import { SqsCommandQueue } from "../../adapters/aws/sqs-command-queue.ts";
import type { Clock } from "../../core/ports.ts";
import { awsEnv, requireEnv } from "./env.ts";

type Env = NodeJS.ProcessEnv;

/** The SDK clients the functions use; each entry creates the ones it needs at cold start. */
export interface AwsClients {
  dynamo: DynamoDBClient;
  sqs: SQSClient;
  scheduler: SchedulerClient;
  ses: SESv2Client;
  secrets: SecretsManagerClient;
}

export const commandQueue = (env: Env, sqs: SQSClient) =>
  new SqsCommandQueue({ client: sqs, queueUrl: requireEnv(env, awsEnv.commandQueueUrl) });

/**
 * The signing keyring; a handler awaits `refresh()` as it starts (cached for minutes per container). A later
 * fetch that fails is logged, and the keys fetched before stay in use.
 */
export const secretsKeyring = (env: Env, secrets: SecretsManagerClient, clock: Clock, logger: Logger) =>
  new SecretsKeyring({
    client: secrets,
    secretId: requireEnv(env, awsEnv.signingKeySecret),
    clock,
    onError: (err) =>
      logger.error({ err }, "signing keys could not be fetched again; still using the keys fetched before"),
  });
