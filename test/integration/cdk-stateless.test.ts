/**
 * The stateless stack: each function's runtime, bundle, triggers and environment, the operations wiring, the
 * drafter's model. The app is synthesized once for this file as `npx cdk synth` does it
 * (test/helpers/cdk-synth.ts), every function bundled by the local esbuild; the templates are then read like a
 * reviewer would.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { isBuiltin } from "node:module";
import { join } from "node:path";
import { Match, type Template } from "aws-cdk-lib/assertions";
import type { Metafile } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleSize } from "../../bench/bundle-sizes.ts";
import {
  actionsOf,
  appLambdas,
  bundleDirOf,
  envOf,
  functions,
  lambdaOf,
  logicalId,
  removeSynth,
  type Statement,
  statementsOf,
  synthOnce,
} from "../helpers/cdk-synth.ts";

let stateful: Template;
let stateless: Template;

beforeAll(() => {
  ({ stateful, stateless } = synthOnce({ bundle: true }));
}, 120_000);

afterAll(removeSynth);

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
