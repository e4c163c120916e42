/** The stateless stack's CloudWatch alarms and the SNS topic they notify. */
import { Duration, Validations } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, type Metric, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import type { Construct } from "constructs";
import type { MailPath } from "./mail-path.ts";
import type { StatelessStack, StatelessStackProps } from "./stateless-stack.ts";

/** Raises an alarm in `scope` at `threshold` of `metric`, telling the operator `what`. */
export type RaiseAlarm = (
  scope: Construct,
  id: string,
  metric: Metric | ReturnType<Metric["with"]>,
  threshold: number,
  what: string,
) => void;

/**
 * CloudWatch alarms to an SNS topic the operator's address subscribes to: commands and stream records set
 * aside, a stream falling behind, functions failing or throttled, and the mail path's own (mail-path.ts: its
 * dead letters and backlog, SES reputation slipping).
 */
export function addAlarms(stack: StatelessStack, props: StatelessStackProps, mail: MailPath): void {
  const { stateful: s, config } = props;
  const topic = new Topic(stack, "Alarms", { displayName: "rsvp alarms", enforceSSL: true });
  topic.addSubscription(new EmailSubscription(config.alarmEmail));
  Validations.of(topic).acknowledge({
    id: "AwsSolutions-SNS2",
    reason:
      "Alarm notifications name a metric and a threshold, no personal data; CloudWatch cannot publish to a " +
      "topic encrypted with the AWS managed SNS key.",
  });
  const action = new SnsAction(topic);
  const raise: RaiseAlarm = (scope, id, metric, threshold, what) => {
    const a = new Alarm(scope, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: what,
    });
    a.addAlarmAction(action);
  };
  const alarm = (id: string, metric: Parameters<RaiseAlarm>[2], threshold: number, what: string) =>
    raise(stack, id, metric, threshold, what);
  const fiveMinutes = { period: Duration.minutes(5) };
  alarm(
    "CommandDeadLetters",
    s.commandDeadLetters.metricApproximateNumberOfMessagesVisible(fiveMinutes),
    1,
    "commands were set aside: rsvp dlq list --aws",
  );
  alarm(
    "FailedEvents",
    s.failedEvents.metricApproximateNumberOfMessagesVisible(fiveMinutes),
    1,
    "stream records or inbound mail failed through every retry: rsvp dlq list --failed --aws",
  );
  alarm(
    "StreamIteratorAge",
    stack.streams.fn.metric("IteratorAge", { statistic: "Maximum", ...fiveMinutes }),
    120_000,
    "the change stream is more than two minutes behind (emails and offers wait)",
  );
  for (const f of [
    stack.web,
    stack.keeper,
    stack.streams,
    stack.send,
    stack.inboundMail,
    stack.import,
    stack.feedback,
  ]) {
    const name = f.node.id;
    alarm(`${name}Errors`, f.fn.metricErrors(fiveMinutes), 5, `${name} failed 5 times in 5 minutes`);
    alarm(`${name}Throttles`, f.fn.metricThrottles(fiveMinutes), 1, `${name} was throttled`);
  }
  mail.addAlarms(raise);
}
