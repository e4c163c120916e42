/**
 * One rsvp Lambda function: an entry file under runtime/aws/ bundled by a local esbuild (no Docker) with
 * the settings every function shares, its own log group, and its own role that may only write to that log
 * group. Whatever else a function may touch is granted by the stack, resource by resource.
 */
import { fileURLToPath } from "node:url";
import { Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Architecture, Runtime, Tracing } from "aws-cdk-lib/aws-lambda";
import { LogLevel, NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import {
  type BesideBundle,
  bundleTarget,
  copyBesideBundle,
  externalModules,
  mainFields,
  requireBanner,
} from "./bundle-settings.ts";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));

/** The entry file of a function, by its name under runtime/aws/. */
const entryPath = (name: string) => fileURLToPath(new URL(`../runtime/aws/${name}`, import.meta.url));

export interface RsvpFunctionProps {
  /** The entry file under runtime/aws/ (e.g. `web.ts`); it exports `handler`. */
  entry: string;
  description: string;
  /** What compose() in the entry reads: resource names, URLs, ARNs. */
  environment?: Record<string, string>;
  /** Default 30 s. */
  timeout?: Duration;
  /** Default 512 MB. */
  memorySize?: number;
  /** X-Ray active tracing; off by default. */
  tracing?: boolean;
  /** Reserved concurrency; undefined → the account's unreserved pool. */
  reservedConcurrentExecutions?: number;
  /** Files copied beside the bundle (the web function's QR decoder); none by default. */
  besideBundle?: readonly BesideBundle[];
}

export class RsvpFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly logGroup: LogGroup;
  /** The function's own role: writing to its log group, plus what the stack grants. */
  readonly role: Role;

  constructor(scope: Construct, id: string, props: RsvpFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, "Logs", {
      retention: RetentionDays.ONE_WEEK,
      // Logs are diagnostics, not data: they go with the stack.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // An own role instead of the managed AWSLambdaBasicExecutionRole, which may write to any log group.
    const role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `rsvp ${id}: ${props.description}`,
    });
    this.logGroup.grantWrite(role);
    this.role = role;

    this.fn = new NodejsFunction(this, "Function", {
      entry: entryPath(props.entry),
      handler: "handler",
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      role,
      logGroup: this.logGroup,
      tracing: props.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      projectRoot: repoRoot,
      depsLockFilePath: `${repoRoot}package-lock.json`,
      environment: {
        NODE_OPTIONS: "--enable-source-maps",
        RSVP_LOG_FORMAT: "json",
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: bundleTarget,
        mainFields,
        banner: requireBanner,
        externalModules,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        metafile: true,
        forceDockerBundling: false,
        // Sizes are reported by `npm run bench` (bench/bundle-sizes.ts); synth shows only problems.
        logLevel: LogLevel.WARNING,
        ...(props.besideBundle && props.besideBundle.length > 0
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) =>
                  copyBesideBundle(props.besideBundle ?? [], inputDir, outputDir),
              },
            }
          : {}),
      },
    });

    if (props.tracing)
      Validations.of(role).acknowledge({
        id: "AwsSolutions-IAM5[Resource::*]",
        reason: "X-Ray's PutTraceSegments and PutTelemetryRecords support no resource-level permissions.",
      });
  }
}
