/**
 * The mail path, as one construct of the stateless stack: the SES configuration set every email goes out
 * under, the Send function on the send-job queue (the queue and its dead letters are the stateful stack's:
 * they hold jobs), what a function that queues emails needs (the streams and inbound-mail functions: only the
 * Send function talks to SES), and the path's alarms (dead letters, a queue falling behind the sending rate,
 * SES reputation).
 *
 * The stack adds it with the id `Default`, which CDK leaves out of logical ids: its resources keep the ids
 * they had when the stack made them itself, so a deployed stack updates in place rather than replacing them.
 */
import { Duration, Stack } from "aws-cdk-lib";
import { Metric } from "aws-cdk-lib/aws-cloudwatch";
import { EventBus } from "aws-cdk-lib/aws-events";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import {
  ConfigurationSet,
  EmailSendingEvent,
  EventDestination,
  SuppressionReasons,
} from "aws-cdk-lib/aws-ses";
import { Construct } from "constructs";
import { awsEnv } from "../runtime/aws/env.ts";
import type { RaiseAlarm } from "./alarms.ts";
import type { DeployConfig } from "./deploy-config.ts";
import { RsvpFunction } from "./rsvp-function.ts";
import { sendTimeout } from "./stateful-stack.ts";
import type { StatefulResources } from "./stateless-stack.ts";
import { grantTable } from "./table-grants.ts";

/** Emails per second the account may send: SES's default rate once out of the sandbox. */
const sesSendRate = 14;
/**
 * Send invocations at once (the send queue's event source's maximum concurrency): each paces its sends to its
 * share of the account's rate, so together they send at the rate and no faster.
 */
export const sendConcurrency = 4;

export interface MailPathProps {
  stateful: Pick<StatefulResources, "mailTable" | "sendJobs" | "sendDeadLetters" | "guestTable">;
  config: Pick<DeployConfig, "senderAddress" | "tracing">;
}

export class MailPath extends Construct {
  /** Every email goes out under it: SES's suppression list, and its bounces and complaints as events. */
  readonly configurationSet: ConfigurationSet;
  /** The Send function: every queued send job, sent once per key through SES, paced to the account's rate. */
  readonly send: RsvpFunction;
  /** What a function that queues emails as send jobs needs in its environment. */
  readonly queueEnv: Record<string, string>;
  readonly #props: MailPathProps;

  constructor(scope: Construct, id: string, props: MailPathProps) {
    super(scope, id);
    this.#props = props;
    const { stateful: s, config } = props;

    // Mail goes out through SES from the sender's identity, claimed once per key in the mail table.
    // An address that bounced or complained gets no more mail from this configuration set (SES's own
    // suppression list), and every bounce, complaint and rejection is an event on the default event bus, where
    // an operator can look at them or route them (the alarms watch the account's rates).
    this.configurationSet = new ConfigurationSet(this, "Mail", {
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSet.addEventDestination("Feedback", {
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, "DefaultBus", "default")),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT, EmailSendingEvent.REJECT],
    });
    this.queueEnv = { [awsEnv.sendQueueUrl]: s.sendJobs.queueUrl };
    const mailEnv = {
      [awsEnv.mailTable]: s.mailTable.tableName,
      [awsEnv.mailFrom]: config.senderAddress,
      [awsEnv.sesConfigurationSet]: this.configurationSet.configurationSetName,
    };

    this.send = new RsvpFunction(this, "Send", {
      entry: "send.ts",
      description: "the mail path: sends queued emails through SES, once each, paced to the account's rate",
      timeout: sendTimeout,
      tracing: config.tracing,
      environment: {
        ...mailEnv,
        ...this.queueEnv,
        // Read before each send: nothing goes to a guest whose data was erased since it was queued.
        [awsEnv.guestTable]: s.guestTable.tableName,
        // Each of the `sendConcurrency` invocations sends its share of SES's rate (docs/aws-deployment.md).
        [awsEnv.sesSendRate]: String(sesSendRate / sendConcurrency),
        // A claim `sending` is another delivery's for twice the timeout: its invocation is surely gone by then.
        [awsEnv.mailLeaseSeconds]: String(sendTimeout.toSeconds() * 2),
      },
    });
    this.#grantSendMail(this.send);
    grantTable(this.send.fn, s.guestTable, ["read"]);
    // A throttled job, or one whose key another delivery holds, goes back on the queue with a delay.
    s.sendJobs.grantSendMessages(this.send.fn);
    this.send.fn.addEventSource(
      new SqsEventSource(s.sendJobs, {
        batchSize: 10,
        maxConcurrency: sendConcurrency,
        // A job that failed comes back alone; the batch's others are done.
        reportBatchItemFailures: true,
      }),
    );
  }

  /** Lets `fn` queue emails as send jobs (the Send function sends them). */
  grantQueueMail(fn: RsvpFunction): void {
    this.#props.stateful.sendJobs.grantSendMessages(fn.fn);
  }

  /** The mail table's claims and SES's SendEmail, on the sender's identity and this configuration set only. */
  #grantSendMail(fn: RsvpFunction): void {
    const { senderAddress } = this.#props.config;
    const stack = Stack.of(this);
    const senderDomain = senderAddress.slice(senderAddress.lastIndexOf("@") + 1);
    grantTable(fn.fn, this.#props.stateful.mailTable, ["write", "delete"]);
    fn.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ["ses:SendEmail", "ses:SendRawEmail"],
        resources: [
          // SES authorizes against the identity the From address resolves to: the address or its domain.
          stack.formatArn({ service: "ses", resource: "identity", resourceName: senderAddress }),
          stack.formatArn({ service: "ses", resource: "identity", resourceName: senderDomain }),
          stack.formatArn({
            service: "ses",
            resource: "configuration-set",
            resourceName: this.configurationSet.configurationSetName,
          }),
        ],
      }),
    );
  }

  /** The mail path's alarms: jobs set aside, jobs waiting longer than the rate explains, SES reputation. */
  addAlarms(alarm: RaiseAlarm): void {
    const s = this.#props.stateful;
    const fiveMinutes = { period: Duration.minutes(5) };
    alarm(
      this,
      "SendDeadLetters",
      s.sendDeadLetters.metricApproximateNumberOfMessagesVisible(fiveMinutes),
      1,
      "emails failed every delivery (SES refused them): rsvp dlq list --sends --aws",
    );
    alarm(
      this,
      "SendQueueAge",
      s.sendJobs.metricApproximateAgeOfOldestMessage({ statistic: "Maximum", ...fiveMinutes }),
      900,
      "an email has waited 15 minutes to be sent: the load is above the SES sending rate (raise it: docs)",
    );
    const reputation = (metricName: string) =>
      new Metric({ namespace: "AWS/SES", metricName, statistic: "Maximum", period: Duration.hours(1) });
    alarm(
      this,
      "BounceRate",
      reputation("Reputation.BounceRate"),
      0.05,
      "SES bounce rate at 5% (SES reviews at 5%)",
    );
    alarm(
      this,
      "ComplaintRate",
      reputation("Reputation.ComplaintRate"),
      0.001,
      `SES complaint rate at 0.1% (configuration set ${this.configurationSet.configurationSetName})`,
    );
  }
}
