/**
 * What each function may touch, resource by resource, and cdk-nag's AWS Solutions checks over the app. The app
 * is synthesized once for this file as `npx cdk synth` does it (test/helpers/cdk-synth.ts), without bundling.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type App, Validations } from "aws-cdk-lib";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { AwsSolutionsChecks } from "cdk-nag";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RsvpStacks } from "../../stacks/rsvp-app.ts";
import {
  actionsOf,
  envOf,
  functions,
  lambdaOf,
  newApp,
  type Resource,
  removeSynth,
  resourcesFor,
  type Statement,
  statementsOf,
  synthOnce,
} from "../helpers/cdk-synth.ts";

let app: App;
let stacks: RsvpStacks;

beforeAll(() => {
  ({ app, stacks } = synthOnce({ bundle: false }));
}, 120_000);

afterAll(removeSynth);

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
    // The streams function deletes nothing of the guest or audit tables; in the mail table, an erased guest's
    // bounce and complaint records, moved to her erased address (their key holds the address).
    expect(resourcesFor("Streams", "dynamodb:DeleteItem").join(" ")).toMatch(/MailTable/);
    expect(resourcesFor("Streams", "dynamodb:DeleteItem").join(" ")).not.toMatch(/GuestTable|AuditTable/);
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
    // The host's guest list pages through the roster index; only the web app reads it.
    expect(resourcesFor("Web", "dynamodb:Query").join(" ")).toMatch(/GuestTable.*\/index\/roster/);
    for (const fn of ["Keeper", "Streams", "InboundMail", "Import"])
      expect(resourcesFor(fn, "dynamodb:Query").join(" ")).not.toContain("index/roster");
    // The door's search by name reads the names index; only the web app does.
    expect(resourcesFor("Web", "dynamodb:Query").join(" ")).toMatch(/GuestTable.*\/index\/names/);
    for (const fn of ["Keeper", "Streams", "InboundMail", "Import"])
      expect(resourcesFor(fn, "dynamodb:Query").join(" ")).not.toContain("index/names");
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

  it("lets the parser read the objects SES stores and nothing else in the bucket", () => {
    expect(resourcesFor("InboundMail", "s3:GetObject")).toEqual([
      expect.stringMatching(/InboundMail.*\/inbound\/\*/),
    ]);
    expect(actionsOf(statementsOf("InboundMail")).filter((a) => a.startsWith("s3:"))).toEqual([
      "s3:GetObject",
    ]);
  });

  it("lets only the web app write and read the guest list's one-file downloads, under exports/ only, with no list or delete", () => {
    expect(envOf("Web")).toHaveProperty("RSVP_EXPORT_BUCKET");
    const s3 = (fn: string) => actionsOf(statementsOf(fn)).filter((a) => a.startsWith("s3:"));
    expect([...s3("Web")].sort()).toEqual(["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"]);
    for (const action of s3("Web"))
      expect(resourcesFor("Web", action)).toEqual([expect.stringMatching(/GuestListExports.*\/exports\/\*/)]);
    for (const fn of functions.filter((f) => f !== "Web"))
      for (const action of ["s3:GetObject", "s3:PutObject"])
        expect(resourcesFor(fn, action).join(" "), fn).not.toMatch(/GuestListExports/);
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
