/**
 * `--aws [--stack NAME]`: the operator CLI against the deployed stacks instead of a data dir. Resource names
 * come from the stacks' CloudFormation outputs (DescribeStacks; the keys are in stacks/stack-outputs.ts), the
 * region and credentials from the AWS SDK's usual chain (AWS_REGION, AWS_PROFILE, SSO, an instance role).
 * The commands reuse the producers of the embedded CLI with the AWS adapters. The clients come from a
 * factory handed to `buildProgram`, one set per command, so tests pass DynamoDB Local and mocked
 * CloudFormation and SQS clients instead of reaching AWS. The commands load this module only with `--aws`, so
 * the embedded CLI does not pay for loading the AWS SDK.
 */
import {
  CloudFormationClient,
  CloudFormationServiceException,
  DescribeStacksCommand,
  type DescribeStacksCommandOutput,
} from "@aws-sdk/client-cloudformation";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoAuditLog } from "../adapters/aws/dynamo-audit-log.ts";
import { DynamoGuestStore } from "../adapters/aws/dynamo-guest-store.ts";
import { SqsFailedEvents } from "../adapters/aws/failed-events.ts";
import { SqsCommandQueue, sqsBatchEntries } from "../adapters/aws/sqs-command-queue.ts";
import { SqsDeadLetters } from "../adapters/aws/sqs-dead-letters.ts";
import { SqsSendDeadLetters } from "../adapters/aws/sqs-send-dead-letters.ts";
import type { EventRecord } from "../contracts/event.ts";
import { type StatefulOutput, statefulOutputs, statelessOutputs } from "../stacks/stack-outputs.ts";
import type { AwsClients, AwsClientsFactory } from "./aws-options.ts";
import type { Deployment } from "./deployment.ts";
import { CliError } from "./errors.ts";

/** One stack's outputs, as DescribeStacks reported them. */
export class StackOutputs {
  readonly stackName: string;
  readonly status: string;
  readonly values: ReadonlyMap<string, string>;

  constructor(stackName: string, status: string, values: ReadonlyMap<string, string>) {
    this.stackName = stackName;
    this.status = status;
    this.values = values;
  }

  /** The output's value, or a message naming the stack, the output and what to do. */
  require(key: string): string {
    const value = this.values.get(key);
    if (value) return value;
    throw new CliError(
      `stack ${this.stackName} (${this.status}) has no output ${key}: deploy this version of rsvp's stacks ` +
        "(npx cdk deploy --all), or name the right stack",
    );
  }
}

/** Reads a stack's outputs; a stack that does not exist is a message naming it and what to do. */
export async function readStackOutputs(
  client: CloudFormationClient,
  stackName: string,
): Promise<StackOutputs> {
  const missing = async () => {
    const region = await client.config.region().catch(() => "this region");
    return new CliError(
      `no stack "${stackName}" in ${region}: deploy rsvp (npx cdk deploy --all), or name the stack rsvp was ` +
        "deployed as (--stack, --web-stack) and its region (AWS_REGION or AWS_PROFILE)",
    );
  };
  let described: DescribeStacksCommandOutput;
  try {
    described = await client.send(new DescribeStacksCommand({ StackName: stackName }));
  } catch (error) {
    // CloudFormation's word for an unknown stack is a ValidationError "Stack with id … does not exist"; the
    // SDK models no class for it, so it comes as the service's base class with that name.
    if (
      error instanceof CloudFormationServiceException &&
      error.name === "ValidationError" &&
      /does not exist/.test(error.message)
    )
      throw await missing();
    throw error;
  }
  const stack = described.Stacks?.[0];
  if (!stack) throw await missing();
  const values = new Map<string, string>();
  for (const o of stack.Outputs ?? [])
    if (o.OutputKey && o.OutputValue) values.set(o.OutputKey, o.OutputValue);
  return new StackOutputs(stackName, stack.StackStatus ?? "status unknown", values);
}

/** The deployment one `--aws` command works on: its stacks' outputs, read once each, and adapters over them. */
export class AwsDeployment implements Deployment {
  readonly clients: AwsClients;
  /** The stateful stack's name. */
  readonly stackName: string;
  readonly where: string;
  /** One SendMessageBatch per send, so a progress bar moves with each request. */
  readonly queueing = {
    chunkSize: sqsBatchEntries,
    appliedBy: "the keeper applies them as SQS delivers them",
  };
  readonly #outputs = new Map<string, Promise<StackOutputs>>();
  #store: DynamoGuestStore | undefined;

  constructor(clients: AwsClients, stackName: string) {
    this.clients = clients;
    this.stackName = stackName;
    this.where = `stack ${stackName}`;
  }

  /** A stack's outputs (the stateful stack's by default). */
  outputs(stackName = this.stackName): Promise<StackOutputs> {
    let outputs = this.#outputs.get(stackName);
    if (!outputs) {
      outputs = readStackOutputs(this.clients.cloudFormation, stackName);
      this.#outputs.set(stackName, outputs);
    }
    return outputs;
  }

  async output(key: StatefulOutput): Promise<string> {
    return (await this.outputs()).require(key);
  }

  async guestStore(): Promise<DynamoGuestStore> {
    this.#store ??= new DynamoGuestStore({
      client: this.clients.dynamo,
      tableName: await this.output(statefulOutputs.guestTable),
    });
    return this.#store;
  }

  async auditLog(): Promise<DynamoAuditLog> {
    return new DynamoAuditLog({
      client: this.clients.dynamo,
      tableName: await this.output(statefulOutputs.auditTable),
    });
  }

  async commandQueue(): Promise<SqsCommandQueue> {
    return new SqsCommandQueue({
      client: this.clients.sqs,
      queueUrl: await this.output(statefulOutputs.commandQueueUrl),
    });
  }

  /** The failed-events queue: stream batches, inbound mail and timers that failed through every retry. */
  async failedEvents(): Promise<SqsFailedEvents> {
    const [queueUrl, commandQueueUrl] = await Promise.all([
      this.output(statefulOutputs.failedEventsUrl),
      this.output(statefulOutputs.commandQueueUrl),
    ]);
    this.clients.lambda ??= new LambdaClient({});
    this.clients.streams ??= new DynamoDBStreamsClient({});
    return new SqsFailedEvents({
      sqs: this.clients.sqs,
      lambda: this.clients.lambda,
      streams: this.clients.streams,
      queueUrl,
      commandQueueUrl,
    });
  }

  async deadLetters(): Promise<SqsDeadLetters> {
    const [deadLetterQueueUrl, commandQueueUrl] = await Promise.all([
      this.output(statefulOutputs.commandDeadLettersUrl),
      this.output(statefulOutputs.commandQueueUrl),
    ]);
    return new SqsDeadLetters({ client: this.clients.sqs, deadLetterQueueUrl, commandQueueUrl });
  }

  /** The send queue's dead letters: emails the Send function failed on through every receive. */
  async sendDeadLetters(): Promise<SqsSendDeadLetters> {
    const [deadLetterQueueUrl, sendQueueUrl] = await Promise.all([
      this.output(statefulOutputs.sendDeadLettersUrl),
      this.output(statefulOutputs.sendQueueUrl),
    ]);
    // SES's last refusal of each email is noted beside its claim in the mail table: the listing's last error
    // (without the table's output, the listing shows none rather than failing).
    const mailTable = (await this.outputs()).values.get(statefulOutputs.mailTable);
    return new SqsSendDeadLetters({
      client: this.clients.sqs,
      deadLetterQueueUrl,
      sendQueueUrl,
      ...(mailTable ? { refusals: { dynamo: this.clients.dynamo, mailTable } } : {}),
    });
  }

  /** The event, or a message naming what was looked for and where. */
  async requireEvent(eventId: string): Promise<EventRecord> {
    const event = await (await this.guestStore()).getEvent(eventId);
    if (!event) throw new CliError(`no event "${eventId}" in stack ${this.stackName}`);
    return event;
  }

  /**
   * Links start at --base-url (a custom domain) or else the web app's Function URL, the stateless stack's
   * output; read before anything is written, so a missing stack creates nothing whose links nobody saw.
   */
  async linkBase(options: { baseUrl?: string; webStack: string }): Promise<string> {
    if (options.baseUrl) return options.baseUrl;
    return (await this.outputs(options.webStack)).require(statelessOutputs.webUrl).replace(/\/+$/, "");
  }
}

/** Clients configured by the SDK's default chain, as the AWS CLI would be. */
const sdkClients: AwsClientsFactory = () => ({
  cloudFormation: new CloudFormationClient({}),
  dynamo: new DynamoDBClient({}),
  sqs: new SQSClient({}),
});

/**
 * Runs one `--aws` command: makes its clients (the SDK's own, unless tests handed in a factory), turns what
 * the SDK throws for a missing region or credentials, or a refused request, into one readable line (exit 2
 * for what the operator must fix, 1 for AWS failing), and destroys the clients after.
 */
export async function withAws<T>(
  factory: AwsClientsFactory | undefined,
  stackName: string,
  fn: (deployment: AwsDeployment) => Promise<T>,
): Promise<T> {
  const clients = (factory ?? sdkClients)();
  try {
    return await fn(new AwsDeployment(clients, stackName));
  } catch (error) {
    throw cliErrorOf(error, stackName);
  } finally {
    clients.cloudFormation.destroy();
    clients.dynamo.destroy();
    clients.sqs.destroy();
    clients.lambda?.destroy();
    clients.streams?.destroy();
  }
}

/** What the AWS SDK throws, as a CLI error; anything else (a bug) is left as it is. */
export function cliErrorOf(error: unknown, stackName: string): unknown {
  if (!(error instanceof Error) || error instanceof CliError) return error;
  if (error.message === "Region is missing")
    return new CliError("no AWS region: set AWS_REGION, or AWS_PROFILE to a profile with a region");
  // The credential chain's error class lives in whichever copy of @smithy's provider package the client loaded,
  // so a class check from here could miss it; its fixed name is the contract.
  if (error.name === "CredentialsProviderError")
    return new CliError(
      "no AWS credentials: set AWS_PROFILE (run `aws sso login` first for an SSO profile), or " +
        "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
    );
  const fault = (error as { $fault?: string }).$fault;
  if (fault === "client")
    return new CliError(`AWS refused a request for stack ${stackName}: ${error.name}: ${error.message}`);
  if (fault === "server")
    return new CliError(`AWS failed a request for stack ${stackName}: ${error.name}: ${error.message}`, 1);
  const code = (error as NodeJS.ErrnoException).code;
  if (code && ["ENOTFOUND", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EAI_AGAIN"].includes(code))
    return new CliError(`cannot reach AWS (${code}): ${error.message}`, 1);
  return error;
}
