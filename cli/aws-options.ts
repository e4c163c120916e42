/**
 * The `--aws`, `--stack` and `--web-stack` options, and the client factory tests hand to `buildProgram`. Kept
 * apart from cli/aws.ts, which loads the AWS SDK, so that every command can offer the options while only an
 * `--aws` run loads the SDK.
 */
import type { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import type { LambdaClient } from "@aws-sdk/client-lambda";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { Option } from "commander";
import { stackNames } from "../stacks/stack-outputs.ts";
import type { AwsDeployment } from "./aws.ts";

/** The AWS clients one `--aws` command uses. */
export interface AwsClients {
  cloudFormation: CloudFormationClient;
  dynamo: DynamoDBClient;
  sqs: SQSClient;
  /** For replaying failed stream batches and inbound mail (`rsvp dlq replay --failed`); made when first used. */
  lambda?: LambdaClient;
  streams?: DynamoDBStreamsClient;
}

/** Makes the clients for one command; the command destroys them when it ends. */
export type AwsClientsFactory = () => AwsClients;

/** The environment variables behind `--stack` and `--web-stack`. */
export const stackEnv = { stack: "RSVP_STACK", webStack: "RSVP_WEB_STACK" } as const;

export const awsOption = () =>
  new Option(
    "--aws",
    "work on the deployed AWS stacks instead of a data dir (region and credentials: the AWS SDK's usual chain)",
  );

export const stackOption = () =>
  new Option("--stack <name>", "with --aws: the stateful stack, whose outputs name the tables and queues")
    .env(stackEnv.stack)
    .default(stackNames.stateful);

export const webStackOption = () =>
  new Option("--web-stack <name>", "with --aws: the stateless stack, whose WebUrl output starts the links")
    .env(stackEnv.webStack)
    .default(stackNames.stateless);

/** The options every `--aws` command takes. */
export interface AwsCommandOptions {
  aws?: boolean;
  stack: string;
}

/** Loads the AWS side of the CLI (and with it the SDK) when a command runs with `--aws`. */
export const loadAws = () => import("./aws.ts");

/** Runs one `--aws` command on the deployment `stack` names (see `withAws`), loading the AWS side first. */
export async function onAws<T>(
  factory: AwsClientsFactory | undefined,
  stack: string,
  fn: (deployment: AwsDeployment) => Promise<T>,
): Promise<T> {
  const { withAws } = await loadAws();
  return withAws(factory, stack, fn);
}
