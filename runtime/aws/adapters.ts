/**
 * The AWS adapters as the Lambda entries compose them, each from the environment the stateless stack sets and
 * the SDK clients it is given. Called from an entry's `compose()` at cold start, never on import; the
 * in-process AWS runtime (runtime/aws-local) calls the same compositions with its stand-in clients.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { SchedulerClient } from "@aws-sdk/client-scheduler";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { SESv2Client } from "@aws-sdk/client-sesv2";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoGuestStore } from "../../adapters/aws/dynamo-guest-store.ts";
import { SecretsKeyring } from "../../adapters/aws/secrets-keyring.ts";
import { SesMailer } from "../../adapters/aws/ses-mailer.ts";
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

export const guestStore = (env: Env, dynamo: DynamoDBClient) =>
  new DynamoGuestStore({ client: dynamo, tableName: requireEnv(env, awsEnv.guestTable) });

export const commandQueue = (env: Env, sqs: SQSClient) =>
  new SqsCommandQueue({ client: sqs, queueUrl: requireEnv(env, awsEnv.commandQueueUrl) });

export const sesMailer = (env: Env, clients: Pick<AwsClients, "dynamo" | "ses">, clock: Clock) =>
  new SesMailer({
    ses: clients.ses,
    dynamo: clients.dynamo,
    idempotencyTableName: requireEnv(env, awsEnv.mailTable),
    from: requireEnv(env, awsEnv.mailFrom),
    configurationSetName: requireEnv(env, awsEnv.sesConfigurationSet),
    clock,
  });

/** The signing keyring; a handler awaits `refresh()` as it starts (cached for minutes per container). */
export const secretsKeyring = (
  env: Env,
  secrets: SecretsManagerClient,
  clock: Clock,
  onError: (error: Error) => void,
) =>
  new SecretsKeyring({
    client: secrets,
    secretId: requireEnv(env, awsEnv.signingKeySecret),
    clock,
    onError,
  });
