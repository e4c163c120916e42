/**
 * The CDK app, synthesized once as `npx cdk synth` does it (cdk.json's context, every function bundled by the
 * local esbuild, cdk-nag's AWS Solutions checks on), offline and without AWS credentials; the templates are
 * then read like a reviewer would: the queue wiring, the event sources, the function URL, what each function
 * may touch, the log retention, the runtime, and that nothing nag reports goes unacknowledged.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { isBuiltin } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Validations } from "aws-cdk-lib";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { AwsSolutionsChecks } from "cdk-nag";
import type { Metafile } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseKeyringSecret } from "../../adapters/aws/secrets-keyring.ts";
import { bundleSize } from "../../bench/bundle-sizes.ts";
import { buildRsvpApp, type RsvpStacks } from "../../stacks/rsvp-app.ts";
import { stackNames, statefulOutputs, statelessOutputs } from "../../stacks/stack-outputs.ts";

const repoRoot = join(import.meta.dirname, "../..");
const cdkContext = JSON.parse(readFileSync(join(repoRoot, "cdk.json"), "utf8")).context as Record<
  string,
  unknown
>;

const parameters = {
  senderAddress: "rsvp@mail.example.org",
  inboundDomain: "reply.example.org",
  alarmEmail: "ops@example.org",
  region: "eu-west-1",
};

/** A fresh app as the CDK CLI builds it, with deploy parameters given; `bundle: false` skips esbuild. */
function newApp(outdir: string, options: { bundle: boolean; context?: Record<string, string> }) {
  const app = new App({
    outdir,
    context: {
      ...cdkContext,
      ...parameters,
      ...options.context,
      ...(options.bundle ? {} : { "aws:cdk:bundling-stacks": [] }),
    },
  });
  // No environment: nothing from the machine (CDK_DEFAULT_ACCOUNT, RSVP_*) leaks into the templates.
  return { app, stacks: buildRsvpApp(app, {}) };
}

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };

let outdir: string;
let app: App;
let stacks: RsvpStacks;
let stateful: Template;
let stateless: Template;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), "rsvp-cdk-"));
  ({ app, stacks } = newApp(outdir, { bundle: true }));
  // Throws when a policy validation plugin (cdk-nag) reports an error nobody acknowledged.
  app.synth();
  stateful = Template.fromStack(stacks.stateful);
  stateless = Template.fromStack(stacks.stateless);
}, 120_000);

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

/** The logical id of the one resource of `type` whose id starts with `prefix`. */
function logicalId(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  expect(ids, `${type} ${prefix}*`).toHaveLength(1);
  return ids[0]!;
}

/** Every statement of the policies attached to a function's role (its default policy and inline ones). */
function statementsOf(fn: string): Statement[] {
  const role = logicalId(stateless, "AWS::IAM::Role", `${fn}Role`);
  return Object.values(stateless.findResources("AWS::IAM::Policy") as Record<string, Resource>)
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${role}"`))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

/** The app's own functions: every Lambda function but CDK's provider for the custom resources. */
function appLambdas(): Resource[] {
  const lambdas = stateless.findResources("AWS::Lambda::Function") as Record<string, Resource>;
  return Object.entries(lambdas)
    .filter(([id]) => !id.startsWith("AWS679f53fac002430cb0da5b7982bd2287"))
    .map(([, lambda]) => lambda);
}

/** The stateless stack's Lambda function `fn` (Web, Keeper, …) as the template has it. */
function lambdaOf(fn: string): Resource {
  const lambdas = stateless.findResources("AWS::Lambda::Function") as Record<string, Resource>;
  return lambdas[logicalId(stateless, "AWS::Lambda::Function", `${fn}Function`)]!;
}

/** Where the cloud assembly holds a function's bundle: its code's S3 key is the asset's hash. */
const bundleDirOf = (lambda: Resource) =>
  join(outdir, `asset.${(lambda.Properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, "")}`);

/** The environment variables of the stateless stack's function `fn`. */
const envOf = (fn: string) =>
  (lambdaOf(fn).Properties.Environment as { Variables: Record<string, unknown> }).Variables;

const actionsOf = (statements: readonly Statement[]) =>
  statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])).sort();

/** The statements granting `action`, with their resources as JSON text. */
function resourcesFor(fn: string, action: string): string[] {
  return statementsOf(fn)
    .filter((s) => actionsOf([s]).includes(action))
    .map((s) => JSON.stringify(s.Resource));
}

const functions = ["Web", "Keeper", "Streams", "Send", "InboundMail", "Import", "Feedback"] as const;

describe("the stateful stack", () => {
  it("keeps the guest table as the store's layout has it: pk/sk, the sparse keys-only waitlist index, a stream of both images", () => {
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

describe("delivery feedback", () => {
  it("routes the configuration set's bounces and complaints to the feedback function, which may only write the mail table", () => {
    const rule = Object.values(stateless.findResources("AWS::Events::Rule") as Record<string, Resource>).find(
      (r) => JSON.stringify(r.Properties.EventPattern).includes("aws.ses"),
    );
    expect(rule?.Properties.EventPattern).toMatchObject({
      source: ["aws.ses"],
      "detail-type": ["Email Bounced", "Email Complaint Received"],
    });
    expect(JSON.stringify(rule?.Properties.Targets)).toMatch(/FeedbackFunction/);
    expect(actionsOf(statementsOf("Feedback")).filter((a) => a.startsWith("dynamodb:"))).toEqual([
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
    ]);
    expect(resourcesFor("Feedback", "dynamodb:PutItem").join(" ")).toMatch(/MailTable/);
    expect(resourcesFor("Web", "dynamodb:Query").join(" ")).toMatch(/MailTable/);
    expect(resourcesFor("Web", "dynamodb:PutItem").join(" ")).not.toMatch(/MailTable/);
  });
});

describe("least privilege and a bounded public URL", () => {
  it("grants no DynamoDB action the adapters never call, and Scan and DeleteItem only where they are used", () => {
    const dynamo = (fn: string) => actionsOf(statementsOf(fn)).filter((a) => a.startsWith("dynamodb:"));
    for (const fn of functions) {
      expect(dynamo(fn), fn).not.toContain("dynamodb:BatchWriteItem");
      expect(dynamo(fn), fn).not.toContain("dynamodb:DescribeTable");
    }
    for (const fn of ["Keeper", "Streams", "InboundMail", "Import"])
      expect(dynamo(fn), fn).not.toContain("dynamodb:Scan");
    expect(resourcesFor("Keeper", "dynamodb:DeleteItem")).toEqual([]);
    // A released mail claim: where mail is sent (the Send function; the streams function only queues it).
    expect(resourcesFor("Send", "dynamodb:DeleteItem").join(" ")).toMatch(/MailTable/);
    expect(resourcesFor("Send", "dynamodb:DeleteItem").join(" ")).not.toMatch(/GuestTable|AuditTable/);
    expect(resourcesFor("Streams", "dynamodb:DeleteItem")).toEqual([]);
  });

  it("passes the scheduler's role only to EventBridge Scheduler", () => {
    for (const fn of ["Streams", "Keeper"]) {
      const pass = statementsOf(fn).filter((st) => actionsOf([st]).includes("iam:PassRole"));
      expect(pass).toHaveLength(1);
      expect(pass[0]?.Condition).toEqual({
        StringEquals: { "iam:PassedToService": "scheduler.amazonaws.com" },
      });
    }
  });

  it("reserves the web function's concurrency, so a flood on the URL leaves the keeper and the streams theirs", () => {
    expect(lambdaOf("Web").Properties.ReservedConcurrentExecutions).toBe(50);
    for (const fn of ["Keeper", "Streams", "InboundMail", "Import"])
      expect(lambdaOf(fn).Properties.ReservedConcurrentExecutions).toBeUndefined();
  });
});

describe("the stateless stack", () => {
  it("runs every function on nodejs24.x on arm64, bundled as ESM, logging to its own log group kept 7 days", () => {
    expect(appLambdas()).toHaveLength(functions.length);
    for (const fn of functions) {
      const logs = logicalId(stateless, "AWS::Logs::LogGroup", `${fn}Logs`);
      expect(lambdaOf(fn).Properties).toMatchObject({
        Runtime: "nodejs24.x",
        Architectures: ["arm64"],
        Handler: "index.handler",
        LoggingConfig: { LogGroup: { Ref: logs } },
      });
    }
    // One more: the log group of CDK's provider that activates the receipt rule set.
    stateless.resourcePropertiesCountIs("AWS::Logs::LogGroup", { RetentionInDays: 7 }, functions.length + 1);
    stateless.resourceCountIs("AWS::Logs::LogGroup", functions.length + 1);
  });

  it("bundles each entry with esbuild into a minified ES module with a source map and a metafile", () => {
    const dirs = appLambdas().map(bundleDirOf);
    expect(dirs).toHaveLength(functions.length);
    for (const dir of dirs) {
      for (const file of ["index.mjs", "index.mjs.map", "index.meta.json"])
        expect(existsSync(join(dir, file))).toBe(true);
      const code = readFileSync(join(dir, "index.mjs"), "utf8");
      expect(code).toMatch(/export\s*\{[^}]*as handler/);
      // Minified: the only line breaks left are those inside template literals (pages, emails).
      expect(code.length / code.split("\n").length).toBeGreaterThan(500);
    }
  });

  it("bundles each function as the bench measures it: the runtime's AWS SDK outside, everything else inside", async () => {
    const entries: Record<(typeof functions)[number], string> = {
      Web: "web.ts",
      Keeper: "keeper.ts",
      Streams: "streams.ts",
      Send: "send.ts",
      InboundMail: "inbound-mail.ts",
      Import: "import.ts",
      Feedback: "feedback.ts",
    };
    for (const fn of functions) {
      const dir = bundleDirOf(lambdaOf(fn));
      const meta = JSON.parse(readFileSync(join(dir, "index.meta.json"), "utf8")) as Metafile;
      const [, output] = Object.entries(meta.outputs).find(([path]) => path.endsWith("index.mjs"))!;
      const external = output.imports.filter((i) => i.external).map((i) => i.path);
      // Only what the nodejs24.x runtime has: Node's own modules and the AWS SDK v3.
      expect(
        external.filter((path) => !isBuiltin(path) && !path.startsWith("@aws-sdk/")),
        fn,
      ).toEqual([]);
      expect(
        external.some((path) => path.startsWith("@aws-sdk/")),
        fn,
      ).toBe(true);
      // No SDK code bundled beside the runtime's (a second @smithy copy would not be the SDK's own).
      const inputs = Object.keys(output.inputs);
      expect(
        inputs.filter((input) => /node_modules\/@(aws-sdk|smithy)\//.test(input)),
        fn,
      ).toEqual([]);
      // Powertools is no part of the runtime: the queue and stream consumers carry it.
      if (fn === "Keeper" || fn === "Streams")
        expect(
          inputs.some((input) => input.includes("node_modules/@aws-lambda-powertools/batch/")),
          fn,
        ).toBe(true);
      // `npm run bench` reports the deployed size, to the byte. Every function shares the settings, so the
      // largest stands for all (bundling each again would double this test's time).
      if (fn === "Streams")
        expect((await bundleSize(entries[fn])).bytes).toBe(statSync(join(dir, "index.mjs")).size);
    }
  }, 60_000);

  it("serves the web app through a Function URL without IAM auth: guests and hosts come with capability links", () => {
    const web = logicalId(stateless, "AWS::Lambda::Function", "WebFunction");
    stateless.hasResourceProperties("AWS::Lambda::Url", {
      AuthType: "NONE",
      TargetFunctionArn: { "Fn::GetAtt": [web, "Arn"] },
    });
  });

  it("feeds the keeper from the command queue ten at a time, reporting failed messages one by one", () => {
    stateless.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: { Ref: logicalId(stateless, "AWS::Lambda::Function", "KeeperFunction") },
      BatchSize: 10,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      EventSourceArn: { "Fn::ImportValue": Match.stringLikeRegexp("CommandQueue.*Arn") },
    });
  });

  it("feeds the Send function from the send queue ten at a time, at most 4 at once, reporting failed jobs one by one", () => {
    stateless.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: { Ref: logicalId(stateless, "AWS::Lambda::Function", "SendFunction") },
      BatchSize: 10,
      ScalingConfig: { MaximumConcurrency: 4 },
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      EventSourceArn: { "Fn::ImportValue": Match.stringLikeRegexp("SendJobs.*Arn") },
    });
    // Together the four send at SES's default 14 a second; a claim is another delivery's for 2 × 30 s.
    expect(envOf("Send")).toMatchObject({ RSVP_SES_SEND_RATE: "3.5", RSVP_MAIL_LEASE_SECONDS: "60" });
    expect(lambdaOf("Send").Properties.Timeout).toBe(30);
  });

  it("queues emails from the stream handlers and the parser to the Send function, which alone consumes the send queue", () => {
    expect(resourcesFor("Streams", "sqs:SendMessage").join(" ")).toMatch(/SendJobs/);
    // An email reply's answer (a confirmation link) takes the same path, paced, retried, with dead letters.
    expect(resourcesFor("InboundMail", "sqs:SendMessage").join(" ")).toMatch(/SendJobs/);
    expect(envOf("InboundMail")).toHaveProperty("RSVP_SEND_QUEUE_URL");
    expect(resourcesFor("Send", "sqs:SendMessage").join(" ")).toMatch(/SendJobs/);
    expect(actionsOf(statementsOf("Send"))).toEqual(
      expect.arrayContaining(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"]),
    );
    for (const fn of ["Web", "Keeper", "Streams", "InboundMail", "Import", "Feedback"])
      expect(resourcesFor(fn, "sqs:ReceiveMessage").join(" ")).not.toMatch(/SendJobs/);
    expect(envOf("Streams")).toHaveProperty("RSVP_SEND_QUEUE_URL");
    // A host message's emails show at 10 a second, leaving a guest's own emails 4 of SES's 14.
    expect(envOf("Streams")).toMatchObject({ RSVP_BULK_SEND_RATE: "10" });
    expect(envOf("Streams")).not.toHaveProperty("RSVP_SES_SEND_RATE");
  });

  it("feeds the stream handlers from the guest table's stream in order, bisecting, retrying 5 times, then into the failed-events queue", () => {
    stateless.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: { Ref: logicalId(stateless, "AWS::Lambda::Function", "StreamsFunction") },
      EventSourceArn: { "Fn::ImportValue": Match.stringLikeRegexp("GuestTable.*StreamArn") },
      StartingPosition: "TRIM_HORIZON",
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      ParallelizationFactor: 1,
      DestinationConfig: {
        OnFailure: { Destination: { "Fn::ImportValue": Match.stringLikeRegexp("FailedEvents.*Arn") } },
      },
    });
  });

  it("hands stored inbound mail to the parser through EventBridge, and keeps what still fails after retries", () => {
    const parser = logicalId(stateless, "AWS::Lambda::Function", "InboundMailFunction");
    stateless.hasResourceProperties("AWS::Events::Rule", {
      EventPattern: {
        source: ["aws.s3"],
        "detail-type": ["Object Created"],
        detail: { bucket: { name: [Match.anyValue()] }, object: { key: [{ prefix: "inbound/" }] } },
      },
      Targets: [Match.objectLike({ Arn: { "Fn::GetAtt": [parser, "Arn"] } })],
    });
    stateless.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      FunctionName: { Ref: parser },
      MaximumRetryAttempts: 2,
      DestinationConfig: {
        OnFailure: { Destination: { "Fn::ImportValue": Match.stringLikeRegexp("FailedEvents.*Arn") } },
      },
    });
  });

  it("receives replies for the inbound domain into the bucket with spam and virus scanning on", () => {
    stateless.hasResourceProperties("AWS::SES::ReceiptRule", {
      Rule: Match.objectLike({
        Enabled: true,
        Recipients: ["reply.example.org"],
        ScanEnabled: true,
        Actions: [{ S3Action: Match.objectLike({ ObjectKeyPrefix: "inbound/" }) }],
      }),
    });
    stateless.resourceCountIs("AWS::SES::ConfigurationSet", 1);
  });

  it("emails the alarm address when the month's spend passes 80% of the budget or is forecast past it", () => {
    stateless.hasResourceProperties("AWS::Budgets::Budget", {
      Budget: Match.objectLike({ BudgetType: "COST", TimeUnit: "MONTHLY" }),
      NotificationsWithSubscribers: Match.arrayWith([
        {
          Notification: Match.objectLike({ NotificationType: "ACTUAL", Threshold: 80 }),
          Subscribers: [{ SubscriptionType: "EMAIL", Address: "ops@example.org" }],
        },
      ]),
    });
  });

  it("gives each function the environment its compose() reads, links pointing at the Function URL", () => {
    expect(Object.keys(envOf("Keeper")).sort()).toEqual([
      "NODE_OPTIONS",
      "RSVP_COMMAND_DEAD_LETTER_QUEUE_URL",
      "RSVP_COMMAND_QUEUE_ARN",
      "RSVP_COMMAND_QUEUE_URL",
      "RSVP_GUEST_TABLE",
      "RSVP_LOG_FORMAT",
      "RSVP_SCHEDULER_ROLE_ARN",
      "RSVP_SCHEDULE_DEAD_LETTER_ARN",
      "RSVP_SCHEDULE_GROUP",
    ]);
    expect(envOf("Streams")).toMatchObject({
      RSVP_MAIL_FROM: "rsvp@mail.example.org",
      RSVP_INBOUND_DOMAIN: "reply.example.org",
      RSVP_SCHEDULE_GROUP: "RsvpStateful-timers",
      RSVP_BASE_URL: {
        "Fn::GetAtt": [logicalId(stateless, "AWS::Lambda::Url", "WebFunctionFunctionUrl"), "FunctionUrl"],
      },
    });
    expect(envOf("Web")).not.toHaveProperty("RSVP_BASE_URL");
  });
});

describe("operations (issue 16 §4)", () => {
  it("invokes the stream handlers only for the items that are changes: an event's META and its GUEST# rows", () => {
    stateless.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: { Ref: logicalId(stateless, "AWS::Lambda::Function", "StreamsFunction") },
      FilterCriteria: {
        Filters: [
          {
            Pattern: JSON.stringify({
              dynamodb: { Keys: { pk: { S: [{ prefix: "EVENT#" }] }, sk: { S: ["META"] } } },
            }),
          },
          { Pattern: JSON.stringify({ dynamodb: { Keys: { sk: { S: [{ prefix: "GUEST#" }] } } } }) },
        ],
      },
    });
  });

  it("lets Scheduler use its role only for the timers' group, and put an undeliverable timer in the failed-events queue", () => {
    stateful.hasResourceProperties("AWS::IAM::Role", {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [
          Match.objectLike({
            Principal: { Service: "scheduler.amazonaws.com" },
            Condition: Match.objectLike({
              ArnLike: { "aws:SourceArn": Match.objectLike({ "Fn::Join": Match.anyValue() }) },
            }),
          }),
        ],
      }),
    });
    const schedulerPolicy = JSON.stringify(stateful.findResources("AWS::IAM::Policy"));
    expect(schedulerPolicy).toMatch(/FailedEvents/);
    expect(envOf("Streams")).toHaveProperty("RSVP_SCHEDULE_DEAD_LETTER_ARN");
  });

  it("suppresses addresses that bounced or complained, and sends those events to the default event bus", () => {
    stateless.hasResourceProperties("AWS::SES::ConfigurationSet", {
      SuppressionOptions: { SuppressedReasons: ["BOUNCE", "COMPLAINT"] },
    });
    stateless.hasResourceProperties("AWS::SES::ConfigurationSetEventDestination", {
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: ["bounce", "complaint", "reject"],
        EventBridgeDestination: Match.anyValue(),
      }),
    });
  });

  it("alarms to an SNS topic the operator's address subscribes to: dead letters, failed records, stream age, errors, throttles, SES reputation", () => {
    stateless.hasResourceProperties("AWS::SNS::Subscription", { Protocol: "email" });
    const alarms = Object.keys(stateless.findResources("AWS::CloudWatch::Alarm"));
    for (const name of [
      "CommandDeadLetters",
      "FailedEvents",
      "StreamIteratorAge",
      "KeeperErrors",
      "KeeperThrottles",
      "StreamsErrors",
      "SendErrors",
      "SendDeadLetters",
      "SendQueueAge",
      "WebThrottles",
      "BounceRate",
      "ComplaintRate",
    ])
      expect(
        alarms.some((id) => id.startsWith(name)),
        name,
      ).toBe(true);
    stateless.hasResourceProperties("AWS::CloudWatch::Alarm", {
      MetricName: "IteratorAge",
      AlarmActions: [{ Ref: Match.stringLikeRegexp("^Alarms") }],
    });
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

describe("least privilege", () => {
  it("names a resource in every statement, except dynamodb:ListStreams, which has no resource-level permission", () => {
    for (const fn of functions)
      for (const statement of statementsOf(fn))
        if (JSON.stringify(statement.Resource).includes('"*"'))
          expect({ fn, action: statement.Action }).toEqual({ fn: "Streams", action: "dynamodb:ListStreams" });
  });

  it("gives the web app the admin token's hash, and writes to the guest table, only when the owner configures one", () => {
    expect(envOf("Web")).not.toHaveProperty("RSVP_ADMIN_TOKEN_HASH");
    const dir = mkdtempSync(join(tmpdir(), "rsvp-cdk-admin-"));
    try {
      const hash = "ab".repeat(32);
      const { app: other, stacks: built } = newApp(dir, { bundle: false, context: { adminTokenHash: hash } });
      other.synth();
      const web = Object.values(
        Template.fromStack(built.stateless).findResources("AWS::Lambda::Function"),
      ).find((r) => JSON.stringify(r).includes("RSVP_ADMIN_TOKEN_HASH")) as Resource | undefined;
      expect(JSON.stringify(web?.Properties.Environment)).toContain(hash);
      const webPolicies = Object.values(
        Template.fromStack(built.stateless).findResources("AWS::IAM::Policy"),
      ).filter((p) => JSON.stringify((p as Resource).Properties.Roles).includes("WebRole"));
      const puts = webPolicies
        .flatMap((p) => ((p as Resource).Properties.PolicyDocument as { Statement: Statement[] }).Statement)
        .filter((st) => [st.Action].flat().includes("dynamodb:PutItem"));
      expect(JSON.stringify(puts.map((st) => st.Resource))).toMatch(/GuestTable/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("writes guest state from the keeper alone; the web app, the parser and the import only read it", () => {
    const writes = (fn: string) => resourcesFor(fn, "dynamodb:PutItem").join(" ");
    expect(writes("Keeper")).toMatch(/GuestTable/);
    for (const fn of ["Web", "Streams", "InboundMail", "Import"])
      expect(writes(fn)).not.toMatch(/GuestTable/);
    expect(resourcesFor("Web", "dynamodb:Query").join(" ")).toMatch(/GuestTable.*\/index\/waitlist/);
    for (const fn of functions) expect(resourcesFor(fn, "dynamodb:Query").join(" ")).not.toContain("index/*");
  });

  it("lets the keeper consume the command queue and send to its dead letters, and the producers send to it but not consume", () => {
    expect(actionsOf(statementsOf("Keeper"))).toEqual(
      expect.arrayContaining(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"]),
    );
    // A message the keeper can never apply goes to the dead letters at once, by its own SendMessage; a timer
    // that came early and is due by the time it is booked again goes back to the command queue.
    expect(resourcesFor("Keeper", "sqs:SendMessage").join(" ")).toMatch(/CommandDeadLetters/);
    for (const fn of ["Web", "Streams", "InboundMail", "Import"]) {
      expect(resourcesFor(fn, "sqs:SendMessage").join(" ")).toMatch(/CommandQueue/);
      expect(actionsOf(statementsOf(fn))).not.toContain("sqs:ReceiveMessage");
    }
  });

  it("lets only the stream handlers book timers (and the keeper book an early one again), in the timers' group, passing only the scheduler's role", () => {
    for (const fn of ["Streams", "Keeper"]) {
      expect(resourcesFor(fn, "scheduler:CreateSchedule")).toEqual([
        expect.stringContaining(":schedule/RsvpStateful-timers/*"),
      ]);
      expect(resourcesFor(fn, "iam:PassRole")).toEqual([expect.stringMatching(/SchedulerRole.*Arn/)]);
    }
    expect(actionsOf(statementsOf("Keeper"))).not.toContain("scheduler:DeleteSchedule");
    for (const fn of ["Web", "InboundMail", "Import"])
      expect(
        actionsOf(statementsOf(fn)).filter((a) => a.startsWith("scheduler:") || a === "iam:PassRole"),
      ).toEqual([]);
  });

  it("lets the mail sender use the sender's identity and the configuration set, and read the signing key where links are made or checked", () => {
    for (const fn of ["Send"]) {
      const ses = resourcesFor(fn, "ses:SendEmail").join(" ");
      expect(ses).toContain(":identity/rsvp@mail.example.org");
      expect(ses).toContain(":identity/mail.example.org");
      expect(ses).toContain(":configuration-set/");
      expect(resourcesFor(fn, "dynamodb:PutItem").join(" ")).toMatch(/MailTable/);
    }
    // The parser queues its answer as a send job (the Send function sends it): no SES, no mail claims.
    for (const fn of ["Web", "Keeper", "Streams", "Import", "InboundMail"])
      expect(actionsOf(statementsOf(fn))).not.toContain("ses:SendEmail");
    expect(resourcesFor("InboundMail", "dynamodb:PutItem").join(" ")).not.toMatch(/MailTable/);
    // The parser verifies signed per-guest reply addresses and signs confirmation links (issue 13).
    for (const fn of ["Web", "Streams", "InboundMail"])
      expect(resourcesFor(fn, "secretsmanager:GetSecretValue").join(" ")).toMatch(/SigningKeys/);
    for (const fn of ["Keeper", "Send", "Import"])
      expect(actionsOf(statementsOf(fn))).not.toContain("secretsmanager:GetSecretValue");
  });

  it("lets the parser read the objects SES stores and nothing else in the bucket", () => {
    expect(resourcesFor("InboundMail", "s3:GetObject")).toEqual([
      expect.stringMatching(/InboundMail.*\/inbound\/\*/),
    ]);
    expect(actionsOf(statementsOf("InboundMail")).filter((a) => a.startsWith("s3:"))).toEqual([
      "s3:GetObject",
    ]);
  });

  it("lets the web app call the assistant's one model for the host's questions, through the global inference profile only", () => {
    const profile = "global.anthropic.claude-haiku-4-5-20251001-v1:0";
    expect(envOf("Web")).toMatchObject({ RSVP_BEDROCK_MODEL: profile });
    // Room for the assistant's 20 s deadline on a question, after which plain matching answers.
    expect(lambdaOf("Web").Properties.Timeout).toBe(30);
    const invoke = statementsOf("Web").filter((s) => actionsOf([s]).includes("bedrock:InvokeModel"));
    expect(actionsOf(invoke).every((a) => a === "bedrock:InvokeModel")).toBe(true);
    const direct = invoke.filter((s) => !("Condition" in s));
    expect(direct.map((s) => JSON.stringify(s.Resource))).toEqual([
      expect.stringContaining(`:inference-profile/${profile}`),
    ]);
    // The foundation model in whichever Region the profile routes to, and only when called through it.
    const routed = invoke.find((s) => "Condition" in s) as (Statement & { Condition: unknown }) | undefined;
    expect(JSON.stringify(routed?.Resource)).toContain(
      ":bedrock:*::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0",
    );
    expect(JSON.stringify(routed?.Condition)).toContain("bedrock:InferenceProfileArn");
    expect(JSON.stringify(routed?.Condition)).toContain(`inference-profile/${profile}`);
    // No other Bedrock action, and the functions that write or parse never call a model.
    expect(actionsOf(statementsOf("Web")).filter((a) => a.startsWith("bedrock:"))).toEqual(
      invoke.flatMap(() => ["bedrock:InvokeModel"]),
    );
    for (const fn of ["Keeper", "InboundMail", "Import"])
      expect(actionsOf(statementsOf(fn)).filter((a) => a.startsWith("bedrock:"))).toEqual([]);
  });
});

describe("the thank-you drafter", () => {
  it("lets the stream handlers call the configured model only through the global inference profile", () => {
    const model = "anthropic.claude-haiku-4-5-20251001-v1:0";
    expect(envOf("Streams")).toMatchObject({ RSVP_BEDROCK_MODEL: `global.${model}` });

    const invoke = statementsOf("Streams").filter((s) =>
      actionsOf([s]).some((a) => a.startsWith("bedrock:")),
    );
    expect(invoke.map((s) => s.Action)).toEqual(["bedrock:InvokeModel", "bedrock:InvokeModel"]);
    const [profile, routed] = invoke as [Statement, Statement & { Condition?: unknown }];
    const profileArn = JSON.stringify(profile.Resource);
    expect(profileArn).toContain(":bedrock:eu-west-1:");
    expect(profileArn).toContain(`:inference-profile/global.${model}`);
    expect("Condition" in profile).toBe(false);
    // The model in any Region the profile picks, and the global model ARN without a Region: only through it.
    const resources = (routed.Resource as unknown[]).map((r) => JSON.stringify(r));
    expect(resources).toEqual([
      expect.stringContaining(`:bedrock:*::foundation-model/${model}`),
      expect.stringContaining(`:bedrock:::foundation-model/${model}`),
    ]);
    expect(JSON.stringify(routed.Condition)).toContain('"bedrock:InferenceProfileArn"');
    expect(JSON.stringify(routed.Condition)).toContain(`:inference-profile/global.${model}`);
  });
});

describe("cdk-nag", () => {
  it("finds no error in the app that is not acknowledged", () => {
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(app);
    expect(report.violations.filter((v) => v.severity === "error").map((v) => v.ruleName)).toEqual([]);
    for (const stack of [stacks.stateful, stacks.stateless])
      expect(Annotations.fromStack(stack).findError("*", Match.anyValue())).toEqual([]);
  });

  it("has a written reason for every acknowledged rule", () => {
    const acknowledged = app.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.entries(m.data as Record<string, string>));
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const [id, reason] of acknowledged)
      expect({ id, reason: reason.length >= 40 }).toEqual({ id, reason: true });
  });

  it("fails the synth on a wildcard nobody acknowledged", () => {
    const dir = mkdtempSync(join(tmpdir(), "rsvp-cdk-nag-"));
    try {
      const { app: other, stacks: built } = newApp(dir, { bundle: false });
      built.stateless.keeper.fn.addToRolePolicy(
        new PolicyStatement({ actions: ["sqs:SendMessage"], resources: ["*"] }),
      );
      expect(() => other.synth()).toThrow(/AwsSolutions-IAM5\[Resource::\*\]/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
