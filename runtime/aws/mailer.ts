/**
 * The SES mailer as the Lambda entries that send email compose it (the streams and inbound-mail functions; see
 * adapters.ts). Apart from adapters.ts so the web, keeper and import functions load no SES client and no MIME
 * composer at cold start (see tables.ts for why a module an entry imports costs its SDK clients).
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { SESv2Client } from "@aws-sdk/client-sesv2";
import { SesMailer } from "../../adapters/aws/ses-mailer.ts";
import type { Clock } from "../../core/ports.ts";
import { awsEnv, requireEnv } from "./env.ts";

export const sesMailer = (
  env: NodeJS.ProcessEnv,
  clients: { dynamo: DynamoDBClient; ses: SESv2Client },
  clock: Clock,
) =>
  new SesMailer({
    ses: clients.ses,
    dynamo: clients.dynamo,
    idempotencyTableName: requireEnv(env, awsEnv.mailTable),
    from: requireEnv(env, awsEnv.mailFrom),
    configurationSetName: requireEnv(env, awsEnv.sesConfigurationSet),
    clock,
  });
