/**
 * What the operator CLI (`rsvp … --aws`) finds a deployment by: the stacks' names as the CDK app gives them
 * and the keys of their CloudFormation outputs. Shared by the stacks (which declare the outputs) and the CLI
 * (which reads them with DescribeStacks), so the two cannot drift apart; no CDK import, so the CLI loads
 * this without aws-cdk-lib.
 */

/** The stacks' names in stacks/rsvp-app.ts (and so in CloudFormation). */
export const stackNames = { stateful: "RsvpStateful", stateless: "RsvpStateless" } as const;

/** Output keys of the stateful stack: every resource that holds data. */
export const statefulOutputs = {
  guestTable: "GuestTableName",
  auditTable: "AuditTableName",
  mailTable: "MailTableName",
  commandQueueUrl: "CommandQueueUrl",
  commandDeadLettersUrl: "CommandDeadLettersUrl",
  failedEventsUrl: "FailedEventsUrl",
  /** The mail path's standard queue of send jobs, and its dead letters (`rsvp dlq … --sends --aws`). */
  sendQueueUrl: "SendQueueUrl",
  sendDeadLettersUrl: "SendDeadLettersUrl",
  inboundMailBucket: "InboundMailBucket",
  signingKeysSecretArn: "SigningKeysSecretArn",
  scheduleGroupName: "ScheduleGroupName",
} as const;

/** Output keys of the stateless stack. */
export const statelessOutputs = {
  webUrl: "WebUrl",
  importFunctionName: "ImportFunctionName",
  receiptRuleSetName: "ReceiptRuleSetName",
  configurationSetName: "ConfigurationSetName",
} as const;

export type StatefulOutput = (typeof statefulOutputs)[keyof typeof statefulOutputs];
