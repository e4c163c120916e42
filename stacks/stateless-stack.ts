/**
 * The stateless half of the AWS runtime: the functions and what triggers them, the mail plumbing, and the
 * cost alarm. It holds no data, so it can be destroyed and redeployed freely. Each function is granted only
 * the resources it touches, resource by resource.
 */
import { CfnOutput, Duration, Stack, type StackProps, Validations } from "aws-cdk-lib";
import { CfnBudget } from "aws-cdk-lib/aws-budgets";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { Grant, type IGrantable, type IRole, PolicyStatement } from "aws-cdk-lib/aws-iam";
import { FilterCriteria, FilterRule, StartingPosition } from "aws-cdk-lib/aws-lambda";
import { DynamoEventSource, SqsDlq, SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import type { IScheduleGroup } from "aws-cdk-lib/aws-scheduler";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import type { ReceiptRuleSet } from "aws-cdk-lib/aws-ses";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { waitlistIndex } from "../adapters/aws/guest-table.ts";
import { assistantEnv } from "../contracts/assistant.ts";
import { awsEnv } from "../runtime/aws/env.ts";
import { addAlarms } from "./alarms.ts";
import { grantInvokeModel } from "./bedrock-access.ts";
import type { DeployConfig } from "./deploy-config.ts";
import { feedbackFunction, inboundMailFunction } from "./email-lane-functions.ts";
import { MailPath } from "./mail-path.ts";
import { acknowledgeWildcardResource } from "./nag.ts";
import { RsvpFunction } from "./rsvp-function.ts";
import { statelessOutputs } from "./stack-outputs.ts";
import { keeperTimeout } from "./stateful-stack.ts";
import { grantTable } from "./table-grants.ts";
import { webFunction } from "./web-function.ts";

/** What the stateful stack hands over. */
export interface StatefulResources {
  guestTable: ITable;
  auditTable: ITable;
  mailTable: ITable;
  commandQueue: IQueue;
  commandDeadLetters: IQueue;
  sendJobs: IQueue;
  sendDeadLetters: IQueue;
  failedEvents: IQueue;
  inboundMail: IBucket;
  guestListExports: IBucket;
  signingKeys: ISecret;
  scheduleGroup: IScheduleGroup;
  schedulerRole: IRole;
}

export interface StatelessStackProps extends StackProps {
  stateful: StatefulResources;
  config: Pick<
    DeployConfig,
    | "senderAddress"
    | "inboundDomain"
    | "alarmEmail"
    | "monthlyBudgetUsd"
    | "baseUrl"
    | "adminTokenHash"
    | "tracing"
    | "assistantModel"
    | "webConcurrency"
  >;
}

/** Bulk emails a second (host messages, thank-you notes, a moved event's news): most of the rate, not all. */
const bulkSendRate = 10;

/** iam:PassRole on the scheduler's role, and only to EventBridge Scheduler. */
function passSchedulerRole(grantee: IGrantable, role: IRole): void {
  Grant.addToPrincipal({
    grantee,
    actions: ["iam:PassRole"],
    resourceArns: [role.roleArn],
    conditions: { StringEquals: { "iam:PassedToService": "scheduler.amazonaws.com" } },
  });
}

/** What every part of the stack reads: the stateful resources, the configuration, the shared environment. */
export interface Parts {
  s: StatefulResources;
  config: StatelessStackProps["config"];
  tracing: StatelessStackProps["config"]["tracing"];
  guests: Record<string, string>;
  queue: Record<string, string>;
  keys: Record<string, string>;
  baseUrl: Record<string, string>;
  mail: MailPath;
}

export class StatelessStack extends Stack {
  readonly web: RsvpFunction;
  readonly keeper: RsvpFunction;
  readonly streams: RsvpFunction;
  readonly send: RsvpFunction;
  readonly inboundMail: RsvpFunction;
  readonly import: RsvpFunction;
  readonly feedback: RsvpFunction;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { stateful: s, config } = props;
    const parts: Parts = {
      s,
      config,
      tracing: config.tracing,
      guests: { [awsEnv.guestTable]: s.guestTable.tableName },
      queue: { [awsEnv.commandQueueUrl]: s.commandQueue.queueUrl },
      keys: { [awsEnv.signingKeySecret]: s.signingKeys.secretArn },
      // The web app builds links from the request's origin unless a public base URL (a custom domain) is set.
      baseUrl: config.baseUrl ? { [awsEnv.baseUrl]: config.baseUrl } : {},
      // The mail path: the configuration set, the Send function on the send-job queue, its alarms. Its id
      // `Default` keeps it out of the logical ids (mail-path.ts), so its resources kept theirs when it moved.
      mail: new MailPath(this, "Default", { stateful: s, config }),
    };
    this.send = parts.mail.send;
    const web = webFunction(this, parts);
    this.web = web.fn;
    // Links in emails need an absolute origin: the custom domain, else the web app's Function URL.
    const linksOrigin = config.baseUrl || web.url;
    this.keeper = this.#keeper(parts);
    this.streams = this.#streams(parts, linksOrigin, this.keeper);
    const inbound = inboundMailFunction(this, parts, linksOrigin);
    this.inboundMail = inbound.fn;
    this.feedback = feedbackFunction(this, parts);
    this.import = this.#import(parts);
    this.#budget(config);
    addAlarms(this, props, parts.mail);
    this.#outputs(web.url, this.import.fn.functionName, inbound.receiving, parts.mail);
  }

  /** The keeper: the only writer of guest and counter state. */
  #keeper(parts: Parts): RsvpFunction {
    const { s, tracing, guests, queue } = parts;
    const keeper = new RsvpFunction(this, "Keeper", {
      entry: "keeper.ts",
      description: "the keeper: applies queued commands to the guest table, one event group at a time",
      timeout: keeperTimeout,
      tracing,
      environment: {
        ...guests,
        ...queue,
        [awsEnv.commandDeadLetterQueueUrl]: s.commandDeadLetters.queueUrl,
        // A timer command that came before its time (Scheduler fires anywhere in the minute) is booked again.
        [awsEnv.commandQueueArn]: s.commandQueue.queueArn,
        [awsEnv.scheduleGroup]: s.scheduleGroup.scheduleGroupName,
        [awsEnv.schedulerRoleArn]: s.schedulerRole.roleArn,
        [awsEnv.scheduleDeadLetterArn]: s.failedEvents.queueArn,
      },
    });
    grantTable(keeper.fn, s.guestTable, ["read", "write"], [waitlistIndex]);
    // A message it can never apply goes to the dead letters at once, by the keeper's own SendMessage; the
    // event source's grant already covers ChangeMessageVisibility (a failed message's short backoff).
    s.commandDeadLetters.grantSendMessages(keeper.fn);
    keeper.fn.addEventSource(
      new SqsEventSource(s.commandQueue, {
        batchSize: 10,
        // A failing event's messages come back alone; the other events' messages in the batch are done.
        reportBatchItemFailures: true,
      }),
    );
    return keeper;
  }

  /**
   * The stream handlers: every committed guest change, fanned out to the side effects; with the timers' grants
   * (the keeper books an early timer again in the same group).
   */
  #streams(parts: Parts, linksOrigin: string, keeper: RsvpFunction): RsvpFunction {
    const { s, config, tracing, guests, queue, keys, mail } = parts;
    const changes = new RsvpFunction(this, "Streams", {
      entry: "streams.ts",
      description: "change handlers: audit rows, waitlist offers, reminder timers, emails",
      timeout: Duration.seconds(60),
      tracing,
      environment: {
        ...guests,
        [awsEnv.auditTable]: s.auditTable.tableName,
        ...queue,
        [awsEnv.commandQueueArn]: s.commandQueue.queueArn,
        [awsEnv.scheduleGroup]: s.scheduleGroup.scheduleGroupName,
        [awsEnv.schedulerRoleArn]: s.schedulerRole.roleArn,
        [awsEnv.scheduleDeadLetterArn]: s.failedEvents.queueArn,
        ...keys,
        // Emails are rendered here and queued as send jobs; the Send function sends them (below). A host
        // message's emails show at 10 a second, so a guest's own emails keep 4 of the 14 meanwhile.
        ...mail.queueEnv,
        [awsEnv.bulkSendRate]: String(bulkSendRate),
        // Calendar entries' UIDs are minted on the sender's domain.
        [awsEnv.mailFrom]: config.senderAddress,
        [awsEnv.inboundDomain]: config.inboundDomain,
        // Links in emails need an absolute origin: the custom domain, else the web app's Function URL.
        [awsEnv.baseUrl]: linksOrigin,
        // The thank-you note is drafted here, by this model (Bedrock).
        [assistantEnv.model]: config.assistantModel,
        // An erased guest's bounces and complaints are given her erased address here (delivery-feedback.ts).
        [awsEnv.mailTable]: s.mailTable.tableName,
      },
    });
    const streams = changes.fn;
    grantTable(streams, s.guestTable, ["read"], [waitlistIndex]);
    grantTable(streams, s.auditTable, ["write"]);
    // Her records are moved (their key holds the address): a put and a delete, in one transaction.
    grantTable(streams, s.mailTable, ["read", "write", "delete"]);
    s.commandQueue.grantSendMessages(streams);
    mail.grantQueueMail(changes);
    s.signingKeys.grantRead(streams);
    this.#grantTimers(s, changes, keeper);
    grantInvokeModel(changes.role, config.assistantModel, "The thank-you drafter");
    streams.addEventSource(
      new DynamoEventSource(s.guestTable, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        // Records of one item arrive in order per shard; one batch per shard at a time keeps that order.
        parallelizationFactor: 1,
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: 5,
        maxRecordAge: Duration.days(1),
        onFailure: new SqsDlq(s.failedEvents),
        // Only the items that are changes (adapters/aws/change-records.ts): an event's META item and its
        // GUEST# items. Command results, address claims and host items would each cost an invocation for nothing.
        filters: [
          FilterCriteria.filter({
            dynamodb: { Keys: { pk: { S: FilterRule.beginsWith("EVENT#") }, sk: { S: ["META"] } } },
          }),
          FilterCriteria.filter({ dynamodb: { Keys: { sk: { S: FilterRule.beginsWith("GUEST#") } } } }),
        ],
      }),
    );
    Validations.of(changes.role).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason:
        "dynamodb:ListStreams, added by the DynamoDB event source, supports no resource-level permission; " +
        "every other statement of this role names its resources.",
    });
    return changes;
  }

  /**
   * The timers: the stream handlers create and delete one-off schedules in the timers' group; the keeper books
   * a timer command that came early again (create only, in the same group; a retry due by the time it is booked
   * goes to the command queue itself, as the streams function's due timers do).
   */
  #grantTimers(s: StatefulResources, changes: RsvpFunction, keeper: RsvpFunction): void {
    const streams = changes.fn;
    const schedules = this.formatArn({
      service: "scheduler",
      resource: "schedule",
      resourceName: `${s.scheduleGroup.scheduleGroupName}/*`,
    });
    streams.addToRolePolicy(
      new PolicyStatement({
        actions: ["scheduler:CreateSchedule", "scheduler:DeleteSchedule"],
        resources: [schedules],
      }),
    );
    acknowledgeWildcardResource(
      changes.role,
      schedules,
      "Timers are one-off schedules created at run time under deterministic names, so no schedule ARN is " +
        "known in advance; the timers' schedule group is the narrowest scope that holds them.",
    );
    passSchedulerRole(streams, s.schedulerRole);
    keeper.fn.addToRolePolicy(
      new PolicyStatement({ actions: ["scheduler:CreateSchedule"], resources: [schedules] }),
    );
    acknowledgeWildcardResource(
      keeper.role,
      schedules,
      "A timer that came early is booked again under a name made at run time; the timers' schedule group " +
        "is the narrowest scope that holds it.",
    );
    passSchedulerRole(keeper.fn, s.schedulerRole);
    s.commandQueue.grantSendMessages(keeper.fn);
  }

  /** Import: a host's guest list, parsed and enqueued (invoked by the CLI). */
  #import(parts: Parts): RsvpFunction {
    const { s, tracing, guests, queue } = parts;
    const importer = new RsvpFunction(this, "Import", {
      entry: "import.ts",
      description: "the host import lane: one register command per guest-list row",
      timeout: Duration.minutes(5),
      memorySize: 1024,
      tracing,
      environment: { ...guests, ...queue },
    });
    grantTable(importer.fn, s.guestTable, ["read"]);
    s.commandQueue.grantSendMessages(importer.fn);
    return importer;
  }

  /** Cost: an email before the month's spend gets out of hand. */
  #budget(config: StatelessStackProps["config"]): void {
    new CfnBudget(this, "Budget", {
      budget: {
        budgetType: "COST",
        timeUnit: "MONTHLY",
        budgetLimit: { amount: config.monthlyBudgetUsd, unit: "USD" },
      },
      notificationsWithSubscribers: [
        { comparisonOperator: "GREATER_THAN", notificationType: "ACTUAL", threshold: 80 },
        { comparisonOperator: "GREATER_THAN", notificationType: "FORECASTED", threshold: 100 },
      ].map((notification) => ({
        notification: { ...notification, thresholdType: "PERCENTAGE" },
        subscribers: [{ subscriptionType: "EMAIL", address: config.alarmEmail }],
      })),
    });
  }

  /** What `rsvp … --aws` reads from this stack. */
  #outputs(webUrl: string, importFunctionName: string, receiving: ReceiptRuleSet, mail: MailPath): void {
    new CfnOutput(this, statelessOutputs.webUrl, {
      value: webUrl,
      description: "the web app's Function URL",
    });
    new CfnOutput(this, statelessOutputs.importFunctionName, { value: importFunctionName });
    new CfnOutput(this, statelessOutputs.receiptRuleSetName, {
      value: receiving.receiptRuleSetName,
      description: "the active receipt rule set (the stack activates it, and deactivates it when deleted)",
    });
    new CfnOutput(this, statelessOutputs.configurationSetName, {
      value: mail.configurationSet.configurationSetName,
    });
  }
}
