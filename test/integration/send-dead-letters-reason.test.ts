/**
 * Why a send job was set aside: SQS keeps no error with a dead letter, so the Send function notes SES's last
 * refusal of an email beside its claim in the mail table, and `rsvp dlq list --sends --aws` shows it as the
 * last error, the address's local part hidden as everywhere else in the listing. A job throttled (never set
 * aside) leaves no note. The AWS runtime runs on the in-process stand-ins and DynamoDB Local (the mail table
 * is real); only CloudFormation, which names the queues and the table, is mocked at the SDK boundary.
 */
import { CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, afterEach, describe, expect, inject, it } from "vitest";
import type { AwsClientsFactory } from "../../cli/aws-options.ts";
import { awsEnv } from "../../runtime/aws/env.ts";
import { statefulOutputs } from "../../stacks/stack-outputs.ts";
import type { AwsLocalRuntime } from "../../tools/aws-local/aws-local-runtime.ts";
import { runCliInProcess } from "../helpers/cli-in-process.ts";
import { dynamoLocalClient } from "../helpers/dynamo-local.ts";
import { register } from "../helpers/factories.ts";
import { type Lifecycle, startAwsLifecycle } from "../helpers/lifecycle-harness.ts";
import { boRefusedAndSetAside } from "../helpers/send-refused.ts";
import { statefulStack } from "../helpers/stateful-stack.ts";

const endpoint = inject("dynamoEndpoint");
const region = "eu-west-1";
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const cloudFormation = mockClient(CloudFormationClient);

describe.skipIf(startAwsLifecycle === null)("rsvp dlq list --sends --aws: why a job was set aside", () => {
  let life: Lifecycle<AwsLocalRuntime>;
  const dynamo = () => dynamoLocalClient(endpoint as string);
  const clients: AwsClientsFactory = () => ({
    cloudFormation: new CloudFormationClient({ region, credentials }),
    dynamo: dynamo(),
    sqs: life.rt.sqs.client,
  });
  const rsvp = (...args: string[]) => runCliInProcess(args, { aws: clients });

  /** The refusal notes in the mail table, by the email key they are beside. */
  const refusalNotes = async () => {
    const page = await dynamo().send(
      new ScanCommand({
        TableName: life.rt.env[awsEnv.mailTable],
        FilterExpression: "sk = :refused",
        ExpressionAttributeValues: { ":refused": { S: "REFUSED" } },
      }),
    );
    return (page.Items ?? []).map((item) => unmarshall(item) as { pk: string; error: string });
  };

  /** The AWS runtime, and CloudFormation naming its queues and mail table. */
  async function start(options: Parameters<NonNullable<typeof startAwsLifecycle>>[1]) {
    life = await startAwsLifecycle!({ capacity: 30 }, options);
    cloudFormation.reset();
    cloudFormation.on(DescribeStacksCommand).resolves(
      statefulStack({
        [statefulOutputs.commandQueueUrl]: life.rt.sqs.url,
        [statefulOutputs.sendQueueUrl]: life.rt.sendQueue.url,
        [statefulOutputs.sendDeadLettersUrl]: life.rt.sendQueue.deadLetterUrl,
        [statefulOutputs.mailTable]: life.rt.env[awsEnv.mailTable]!,
      }),
    );
  }
  afterEach(async () => {
    await life.stop();
  });
  afterAll(() => {
    cloudFormation.restore();
  });

  it("shows SES's refusal as the job's last error, the address's local part hidden", async () => {
    await start({ sesMaxSendRate: 14, sesSendRate: 14 });
    await boRefusedAndSetAside(life);

    const listed = await rsvp("dlq", "list", "--sends", "--aws");
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain("MessageRejected");
    expect(listed.stdout).toContain("Email address is not verified");
    expect(listed.stdout).toContain("[email]@example.org");
    expect(listed.stdout).not.toContain("bo@example.org");

    const json = await rsvp("dlq", "list", "--sends", "--aws", "--json");
    expect(json.code, json.stderr).toBe(0);
    const letter = JSON.parse(json.stdout) as { lastError: string | null; command: { key: string } };
    expect(letter.lastError).toMatch(
      /^MessageRejected: Email address is not verified\..*\[email\]@example\.org/,
    );
    expect(json.stdout).not.toContain("bo@example.org");
    // Noted beside Bo's email's claim only: Ana's went out.
    expect((await refusalNotes()).map((n) => n.pk)).toEqual([`MAIL#${letter.command.key}`]);

    // Mended and replayed, the job is sent and the listing is empty.
    life.rt.ses.rejectFor.delete("bo@example.org");
    expect((await rsvp("dlq", "replay", "--sends", "--aws")).code).toBe(0);
    await life.settle();
    expect(await life.mail("bo@example.org")).toHaveLength(1);
    expect((await rsvp("dlq", "list", "--sends", "--aws")).stdout).toBe("no dead letters\n");
  }, 60_000);

  it("notes nothing for an email SES only throttled: throttled jobs wait and are sent, none set aside", async () => {
    await start({ sesMaxSendRate: 2 });
    const emails = Array.from({ length: 12 }, (_, i) => `guest${i}@example.org`);
    await life.send(...emails.map((email) => register(life.eventId, email, email.split("@")[0])));
    expect(life.rt.ses.throttled).toBeGreaterThan(0);
    expect(life.rt.sendQueue.deadLetters).toEqual([]);
    expect(await refusalNotes()).toEqual([]);
  }, 60_000);
});
