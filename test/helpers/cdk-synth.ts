/**
 * The CDK app, synthesized as `npx cdk synth` does it (cdk.json's context, cdk-nag's AWS Solutions checks on),
 * offline and without AWS credentials, for the cdk-*.test.ts files: once per test file (each file runs in its
 * own module scope, so `synthOnce` synthesizes at its first call and hands the same app out after), and the
 * readers those files share (a function's policy statements, environment, bundle directory …).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { expect } from "vitest";
import { buildRsvpApp, type RsvpStacks } from "../../stacks/rsvp-app.ts";

const repoRoot = join(import.meta.dirname, "../..");
const cdkContext = JSON.parse(readFileSync(join(repoRoot, "cdk.json"), "utf8")).context as Record<
  string,
  unknown
>;

export const parameters = {
  senderAddress: "rsvp@mail.example.org",
  inboundDomain: "reply.example.org",
  alarmEmail: "ops@example.org",
  region: "eu-west-1",
};

/** A fresh app as the CDK CLI builds it, with deploy parameters given; `bundle: false` skips esbuild. */
export function newApp(outdir: string, options: { bundle: boolean; context?: Record<string, string> }) {
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

export type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
export type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };

/** The synthesized app: its cloud assembly's directory, the stacks and their templates. */
export interface Synth {
  outdir: string;
  app: App;
  stacks: RsvpStacks;
  stateful: Template;
  stateless: Template;
}

let synth: Synth | null = null;

/**
 * The app synthesized once for this file. `bundle`: every function bundled by the local esbuild (what the
 * bundle tests read); without it the templates are the same but for the code assets' keys, and faster.
 */
export function synthOnce(options: { bundle: boolean }): Synth {
  if (synth) return synth;
  const outdir = mkdtempSync(join(tmpdir(), "rsvp-cdk-"));
  const { app, stacks } = newApp(outdir, options);
  // Throws when a policy validation plugin (cdk-nag) reports an error nobody acknowledged.
  app.synth();
  synth = {
    outdir,
    app,
    stacks,
    stateful: Template.fromStack(stacks.stateful),
    stateless: Template.fromStack(stacks.stateless),
  };
  return synth;
}

/** Removes the cloud assembly (call after all of a file's tests). */
export function removeSynth(): void {
  if (synth) rmSync(synth.outdir, { recursive: true, force: true });
  synth = null;
}

const current = (): Synth => {
  if (!synth) throw new Error("synthOnce() first (in beforeAll)");
  return synth;
};

/** The logical id of the one resource of `type` whose id starts with `prefix`. */
export function logicalId(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  expect(ids, `${type} ${prefix}*`).toHaveLength(1);
  return ids[0]!;
}

/** Every statement of the policies attached to a function's role (its default policy and inline ones). */
export function statementsOf(fn: string): Statement[] {
  const { stateless } = current();
  const role = logicalId(stateless, "AWS::IAM::Role", `${fn}Role`);
  return Object.values(stateless.findResources("AWS::IAM::Policy") as Record<string, Resource>)
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${role}"`))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

/** The app's own functions: every Lambda function but CDK's provider for the custom resources. */
export function appLambdas(): Resource[] {
  const lambdas = current().stateless.findResources("AWS::Lambda::Function") as Record<string, Resource>;
  return Object.entries(lambdas)
    .filter(([id]) => !id.startsWith("AWS679f53fac002430cb0da5b7982bd2287"))
    .map(([, lambda]) => lambda);
}

/** The stateless stack's Lambda function `fn` (Web, Keeper, …) as the template has it. */
export function lambdaOf(fn: string): Resource {
  const { stateless } = current();
  const lambdas = stateless.findResources("AWS::Lambda::Function") as Record<string, Resource>;
  return lambdas[logicalId(stateless, "AWS::Lambda::Function", `${fn}Function`)]!;
}

/** Where the cloud assembly holds a function's bundle: its code's S3 key is the asset's hash. */
export const bundleDirOf = (lambda: Resource) =>
  join(
    current().outdir,
    `asset.${(lambda.Properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, "")}`,
  );

/** The environment variables of the stateless stack's function `fn`. */
export const envOf = (fn: string) =>
  (lambdaOf(fn).Properties.Environment as { Variables: Record<string, unknown> }).Variables;

export const actionsOf = (statements: readonly Statement[]) =>
  statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])).sort();

/** The statements granting `action`, with their resources as JSON text. */
export function resourcesFor(fn: string, action: string): string[] {
  return statementsOf(fn)
    .filter((s) => actionsOf([s]).includes(action))
    .map((s) => JSON.stringify(s.Resource));
}

export const functions = ["Web", "Keeper", "Streams", "Send", "InboundMail", "Import", "Feedback"] as const;
