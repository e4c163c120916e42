/**
 * The AWS adapters as the Lambda entries compose them, each from the environment the stateless stack sets.
 * Called from an entry's `compose()` at cold start, never on import.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoGuestStore } from "../../adapters/aws/dynamo-guest-store.ts";
import { SecretsKeyring } from "../../adapters/aws/secrets-keyring.ts";
import { SesMailer } from "../../adapters/aws/ses-mailer.ts";
import { SqsCommandQueue } from "../../adapters/aws/sqs-command-queue.ts";
import type { Clock } from "../../core/ports.ts";
import { awsEnv, requireEnv } from "./env.ts";

type Env = NodeJS.ProcessEnv;

export const guestStore = (env: Env, dynamo: DynamoDBClient) =>
  new DynamoGuestStore({ client: dynamo, tableName: requireEnv(env, awsEnv.guestTable) });

export const commandQueue = (env: Env) =>
  new SqsCommandQueue({ client: new SQSClient({}), queueUrl: requireEnv(env, awsEnv.commandQueueUrl) });

export const sesMailer = (env: Env, dynamo: DynamoDBClient, clock: Clock) =>
  new SesMailer({
    ses: new SESv2Client({}),
    dynamo,
    idempotencyTableName: requireEnv(env, awsEnv.mailTable),
    from: requireEnv(env, awsEnv.mailFrom),
    configurationSetName: requireEnv(env, awsEnv.sesConfigurationSet),
    clock,
  });

/** The signing keyring; a handler awaits `refresh()` as it starts (cached for minutes per container). */
export const secretsKeyring = (env: Env, clock: Clock, onError: (error: Error) => void) =>
  new SecretsKeyring({
    client: new SecretsManagerClient({}),
    secretId: requireEnv(env, awsEnv.signingKeySecret),
    clock,
    onError,
  });
