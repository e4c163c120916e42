/**
 * The stateful stack (tables, queues, bucket, signing key, scheduler role), what survives a destroy, and the
 * outputs the CLI reads. The app is synthesized once for this file as `npx cdk synth` does it
 * (test/helpers/cdk-synth.ts), without bundling (no test here reads a bundle); the templates are then read
 * like a reviewer would.
 */
import { randomBytes } from "node:crypto";
import { Match, type Template } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseKeyringSecret } from "../../adapters/aws/secrets-keyring.ts";
import type { RsvpStacks } from "../../stacks/rsvp-app.ts";
import { stackNames, statefulOutputs, statelessOutputs } from "../../stacks/stack-outputs.ts";
import { logicalId, type Resource, removeSynth, synthOnce } from "../helpers/cdk-synth.ts";

let stacks: RsvpStacks;
let stateful: Template;
let stateless: Template;

beforeAll(() => {
  ({ stacks, stateful, stateless } = synthOnce({ bundle: false }));
}, 120_000);

afterAll(removeSynth);

describe("the stateful stack", () => {
  it("keeps the guest table as the store's layout has it: pk/sk, the sparse keys-only waitlist index, the keys-only roster index, the sparse keys-only names index, a stream of both images", () => {
    stateful.hasResourceProperties("AWS::DynamoDB::Table", {
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      BillingMode: "PAY_PER_REQUEST",
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      StreamSpecification: { StreamViewType: "NEW_AND_OLD_IMAGES" },
      GlobalSecondaryIndexes: [
        {
          IndexName: "waitlist",
          KeySchema: [
            { AttributeName: "wlpk", KeyType: "HASH" },
            { AttributeName: "wlsk", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "KEYS_ONLY" },
        },
        {
          // The guest list in registration order, a page at a time (adapters/aws/dynamo-guest-roster.ts).
          IndexName: "roster",
          KeySchema: [
            { AttributeName: "eventId", KeyType: "HASH" },
            { AttributeName: "createdAt", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "KEYS_ONLY" },
        },
        {
          // The door's search by name: the names that begin with what was typed (adapters/aws/guest-table.ts).
          IndexName: "names",
          KeySchema: [
            { AttributeName: "nmpk", KeyType: "HASH" },
            { AttributeName: "nmsk", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "KEYS_ONLY" },
        },
      ],
    });
  });

  it("keeps the audit trail in its own table, ordered by the bySeq index, and the mail claims in a third", () => {
    stateful.hasResourceProperties("AWS::DynamoDB::Table", {
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      LocalSecondaryIndexes: [
        Match.objectLike({
          IndexName: "bySeq",
          KeySchema: [
            { AttributeName: "pk", KeyType: "HASH" },
            { AttributeName: "seq", KeyType: "RANGE" },
          ],
        }),
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    stateful.resourceCountIs("AWS::DynamoDB::Table", 3);
    // Data outlives the stack: every table is retained when the stack goes.
    for (const table of Object.values(stateful.findResources("AWS::DynamoDB::Table")))
      expect(table.DeletionPolicy).toBe("Retain");
  });

  it("lets DynamoDB delete the mail table's send-once claims and refusal notes by their expiresAt (its TTL attribute), and nothing in the other tables", () => {
    const tables = stateful.findResources("AWS::DynamoDB::Table") as Record<string, Resource>;
    const mailTable = logicalId(stateful, "AWS::DynamoDB::Table", "MailTable");
    const ttl = Object.fromEntries(
      Object.entries(tables).map(([id, table]) => [id, table.Properties.TimeToLiveSpecification]),
    );
    for (const [id, spec] of Object.entries(ttl))
      expect(spec).toEqual(id === mailTable ? { AttributeName: "expiresAt", Enabled: true } : undefined);
  });

  it("makes the command queue a high-throughput FIFO queue with content-based dedup and a FIFO dead-letter queue after 5 receives", () => {
    const dlq = logicalId(stateful, "AWS::SQS::Queue", "CommandDeadLetters");
    stateful.hasResourceProperties("AWS::SQS::Queue", {
      FifoQueue: true,
      ContentBasedDeduplication: true,
      DeduplicationScope: "messageGroup",
      FifoThroughputLimit: "perMessageGroupId",
      // Six times the keeper's 30 s timeout, as AWS advises for an SQS event source.
      VisibilityTimeout: 180,
      RedrivePolicy: { deadLetterTargetArn: { "Fn::GetAtt": [dlq, "Arn"] }, maxReceiveCount: 5 },
    });
    expect(stateful.findResources("AWS::SQS::Queue")[dlq]!.Properties).toMatchObject({ FifoQueue: true });
  });

  it("keeps the mail path's send jobs in a standard queue, hidden 6 × the Send timeout, with a dead-letter queue after 5 failed receives", () => {
    const dlq = logicalId(stateful, "AWS::SQS::Queue", "SendDeadLetters");
    const jobs =
      stateful.findResources("AWS::SQS::Queue")[logicalId(stateful, "AWS::SQS::Queue", "SendJobs")]!;
    expect(jobs.Properties).toMatchObject({
      VisibilityTimeout: 180,
      RedrivePolicy: { deadLetterTargetArn: { "Fn::GetAtt": [dlq, "Arn"] }, maxReceiveCount: 5 },
    });
    expect(jobs.Properties.FifoQueue).toBeUndefined();
  });

  it("refuses every queue and the bucket to clients without TLS", () => {
    const denyInsecure = Match.objectLike({
      Effect: "Deny",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    stateful.resourcePropertiesCountIs(
      "AWS::SQS::QueuePolicy",
      { PolicyDocument: { Statement: Match.arrayWith([denyInsecure]) } },
      5,
    );
    stateful.hasResourceProperties("AWS::S3::BucketPolicy", {
      PolicyDocument: { Statement: Match.arrayWith([denyInsecure]) },
    });
  });

  it("keeps inbound mail in a private, versioned, encrypted bucket that forgets it after 30 days and tells EventBridge", () => {
    stateful.hasResourceProperties("AWS::S3::Bucket", {
      VersioningConfiguration: { Status: "Enabled" },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 30, Status: "Enabled" })] },
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
    });
  });

  it("keeps the guest list's one-file downloads in a private, encrypted, unversioned bucket that deletes them after a day", () => {
    const buckets = Object.entries(stateful.findResources("AWS::S3::Bucket") as Record<string, Resource>);
    const exports = buckets.filter(([id]) => id.startsWith("GuestListExports"));
    expect(exports).toHaveLength(1);
    const props = exports[0]![1].Properties;
    // Not versioned: an expired file leaves no older copy of guest data behind.
    expect(props.VersioningConfiguration).toBeUndefined();
    expect(props).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: [
          expect.objectContaining({
            Prefix: "exports/",
            ExpirationInDays: 1,
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
            Status: "Enabled",
          }),
        ],
      },
    });
    const policies = Object.values(
      stateful.findResources("AWS::S3::BucketPolicy") as Record<string, Resource>,
    );
    const denies = policies.filter((p) => JSON.stringify(p.Properties.Bucket).includes(exports[0]![0]));
    expect(JSON.stringify(denies)).toContain('"aws:SecureTransport":"false"');
  });

  it("generates the signing key as a 64-character secret under key id k1, which the functions read as their keyring", () => {
    stateful.hasResourceProperties("AWS::SecretsManager::Secret", {
      GenerateSecretString: Match.objectLike({
        SecretStringTemplate: JSON.stringify({ kid: "k1" }),
        GenerateStringKey: "secret",
        PasswordLength: 64,
        ExcludePunctuation: true,
        IncludeSpace: false,
      }),
    });
    // What Secrets Manager generates from it: letters and digits only (no punctuation, no space, nothing
    // excluded), 64 of them, put under GenerateStringKey in the template. 64 base64url characters are 48 bytes
    // of HMAC key (~381 bits of randomness); the keyring adapter takes that value as it is, no manual step.
    const [secret] = Object.values(stateful.findResources("AWS::SecretsManager::Secret")) as Resource[];
    const generate = secret!.Properties.GenerateSecretString as Record<string, unknown>;
    expect(generate.ExcludeCharacters ?? "").toBe("");
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    const value = Array.from(randomBytes(generate.PasswordLength as number), (b) => alphabet[b % 62]).join(
      "",
    );
    const stored = JSON.stringify({
      ...JSON.parse(generate.SecretStringTemplate as string),
      [generate.GenerateStringKey as string]: value,
    });
    const keyring = parseKeyringSecret("SigningKeys", stored);
    expect(keyring).toEqual({ current: { kid: "k1", secret: value }, previous: [] });
    expect(Buffer.from(keyring.current.secret, "base64url").length).toBeGreaterThanOrEqual(48);
  });

  it("lets EventBridge Scheduler send to the command queue and, for a timer it cannot deliver, the failed-events queue, and nothing else", () => {
    const queue = logicalId(stateful, "AWS::SQS::Queue", "CommandQueue");
    const failed = logicalId(stateful, "AWS::SQS::Queue", "FailedEvents");
    const role = logicalId(stateful, "AWS::IAM::Role", "SchedulerRole");
    stateful.hasResourceProperties("AWS::Scheduler::ScheduleGroup", { Name: "RsvpStateful-timers" });
    stateful.hasResourceProperties("AWS::IAM::Role", {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: "scheduler.amazonaws.com" } })],
      },
    });
    stateful.hasResourceProperties("AWS::IAM::Policy", {
      Roles: [{ Ref: role }],
      PolicyDocument: {
        Statement: [
          {
            Effect: "Allow",
            Action: "sqs:SendMessage",
            Resource: [{ "Fn::GetAtt": [queue, "Arn"] }, { "Fn::GetAtt": [failed, "Arn"] }],
          },
        ],
      },
    });
  });
});

describe("destroy, then deploy again", () => {
  it("retains only what has a generated name (tables, bucket, secret), so a new deploy never collides with it", () => {
    for (const [type, policy] of [
      ["AWS::DynamoDB::Table", "Retain"],
      ["AWS::S3::Bucket", "Retain"],
      ["AWS::SecretsManager::Secret", "Retain"],
      ["AWS::SQS::Queue", "Delete"],
      ["AWS::Scheduler::ScheduleGroup", "Delete"],
    ] as const)
      for (const r of Object.values(stateful.findResources(type) as Record<string, Resource>)) {
        expect(r.DeletionPolicy ?? "Delete", type).toBe(policy);
        if (policy === "Retain")
          expect(JSON.stringify(r.Properties), type).not.toMatch(/"(Table|Bucket)Name"/);
      }
  });

  it("activates its receipt rule set when deployed and deactivates it when deleted, since SES keeps an active one", () => {
    const [activation] = Object.values(stateless.findResources("Custom::AWS") as Record<string, Resource>);
    const text = JSON.stringify(activation?.Properties);
    expect(text).toContain("SetActiveReceiptRuleSet");
    const create = JSON.parse(JSON.stringify(activation?.Properties.Create));
    const remove = JSON.parse(JSON.stringify(activation?.Properties.Delete));
    expect(JSON.stringify(create)).toMatch(/RuleSetName/);
    expect(JSON.stringify(remove)).not.toMatch(/RuleSetName/);
  });
});

describe("the outputs `rsvp … --aws` reads", () => {
  it("names the stacks as the CLI looks them up by default", () => {
    expect([stacks.stateful.stackName, stacks.stateless.stackName]).toEqual([
      stackNames.stateful,
      stackNames.stateless,
    ]);
  });

  it("outputs each table's name and each queue's URL from the stateful stack under its stable key", () => {
    const ref = (type: string, prefix: string) => ({ Ref: logicalId(stateful, type, prefix) });
    const expected: Record<string, unknown> = {
      [statefulOutputs.guestTable]: ref("AWS::DynamoDB::Table", "GuestTable"),
      [statefulOutputs.auditTable]: ref("AWS::DynamoDB::Table", "AuditTable"),
      [statefulOutputs.mailTable]: ref("AWS::DynamoDB::Table", "MailTable"),
      // A queue's Ref is its URL.
      [statefulOutputs.commandQueueUrl]: ref("AWS::SQS::Queue", "CommandQueue"),
      [statefulOutputs.commandDeadLettersUrl]: ref("AWS::SQS::Queue", "CommandDeadLetters"),
      [statefulOutputs.failedEventsUrl]: ref("AWS::SQS::Queue", "FailedEvents"),
      [statefulOutputs.sendQueueUrl]: ref("AWS::SQS::Queue", "SendJobs"),
      [statefulOutputs.sendDeadLettersUrl]: ref("AWS::SQS::Queue", "SendDeadLetters"),
    };
    for (const [key, value] of Object.entries(expected)) stateful.hasOutput(key, { Value: value });
    // CloudFormation reports an output under its logical id: every key the CLI may ask for is one (beside
    // the cross-stack exports CDK adds).
    expect(Object.keys(stateful.findOutputs("*"))).toEqual(
      expect.arrayContaining(Object.values(statefulOutputs)),
    );
  });

  it("outputs the web app's Function URL from the stateless stack, which starts the links event create prints", () => {
    stateless.hasOutput(statelessOutputs.webUrl, {
      Value: { "Fn::GetAtt": [logicalId(stateless, "AWS::Lambda::Url", "Web"), "FunctionUrl"] },
    });
    expect(Object.keys(stateless.findOutputs("*"))).toEqual(
      expect.arrayContaining(Object.values(statelessOutputs)),
    );
  });
});
