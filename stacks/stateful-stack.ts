/**
 * The stateful half of the AWS runtime: everything that holds data and outlives a redeploy of the code.
 * The tables, the buckets (inbound mail, guest list exports: their lifecycle rules keep deleting old objects)
 * and the signing-key secret are retained when the stack is deleted (under generated names, so a new deploy
 * creates new ones beside them and never collides). The queues, the
 * timers' schedule group and the scheduler's role go with the stack: what they hold is in flight and
 * belongs to the deployment. The stateless stack receives them as typed props and grants each function what
 * it touches.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from "aws-cdk-lib";
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table } from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket } from "aws-cdk-lib/aws-s3";
import { ScheduleGroup } from "aws-cdk-lib/aws-scheduler";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { DeduplicationScope, FifoThroughputLimit, Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { auditTable } from "../adapters/aws/dynamo-audit-log.ts";
import { namesIndex, rosterIndex, waitlistIndex } from "../adapters/aws/guest-table.ts";
import { mailTtlAttribute } from "../adapters/aws/mail-table.ts";
import { guestListExportPrefix } from "../adapters/aws/s3-guest-list-files.ts";
import { type StatefulOutput, statefulOutputs } from "./stack-outputs.ts";

/** The keeper's Lambda timeout; the command queue's visibility timeout is six times it (AWS's advice). */
export const keeperTimeout = Duration.seconds(30);
/** The Send function's Lambda timeout; the send queue's visibility timeout is six times it. */
export const sendTimeout = Duration.seconds(30);
/** Deliveries of one command before it is set aside in the dead-letter queue (as in the embedded queue). */
export const maxReceiveCount = 5;
/** Inbound mail is parsed within seconds; the raw messages are kept this long for a look after a failure. */
const inboundMailDays = 30;
/** Days a guest list's one-file download is kept in S3 before its lifecycle rule deletes it. */
export const guestListExportDays = 1;

/** Where SES writes inbound messages in the bucket (the parser's S3 notification filters on it). */
export const inboundMailPrefix = "inbound/";

export class StatefulStack extends Stack {
  /** The guest table (layout: adapters/aws/guest-table.ts); its stream feeds the stream handlers. */
  readonly guestTable: Table;
  /** The audit trail: one item per audit entry, keyed by event and the entry's key, ordered by `bySeq`. */
  readonly auditTable: Table;
  /** The SES mailer's send-once claims: one item per email key (layout: adapters/aws/ses-mailer.ts). */
  readonly mailTable: Table;
  /** The command queue: FIFO, one message group per event, deduplicated per group. */
  readonly commandQueue: Queue;
  /** Commands that failed `maxReceiveCount` times (`rsvp dlq --aws` reads and redrives it). */
  readonly commandDeadLetters: Queue;
  /**
   * The mail path: one send job per email (contracts/send-job.ts), queued by the streams function and sent by
   * the Send function. Standard, not FIFO: jobs are independent and deduplicated by their mail claim.
   */
  readonly sendJobs: Queue;
  /** Send jobs that failed `maxReceiveCount` deliveries (an email SES refuses, a body that never parses). */
  readonly sendDeadLetters: Queue;
  /** Events no handler could process: stream batches past their retries, inbound mail the parser failed on. */
  readonly failedEvents: Queue;
  /** Raw inbound mail, written by the SES receipt rule, read by the parser. */
  readonly inboundMail: Bucket;
  /**
   * The host's guest list as one file (the web function writes it under `exports/`, then links to it for 15
   * minutes): every object is deleted a day after it was written (docs/aws-guest-list.md).
   */
  readonly guestListExports: Bucket;
  /** The link-signing keyring. */
  readonly signingKeys: Secret;
  /** Where the timers' one-off schedules live. */
  readonly scheduleGroup: ScheduleGroup;
  /** The role EventBridge Scheduler assumes to send a due timer's command to the queue. */
  readonly schedulerRole: Role;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    ({
      guestTable: this.guestTable,
      auditTable: this.auditTable,
      mailTable: this.mailTable,
    } = this.#tables());
    ({
      commandDeadLetters: this.commandDeadLetters,
      commandQueue: this.commandQueue,
      sendDeadLetters: this.sendDeadLetters,
      sendJobs: this.sendJobs,
      failedEvents: this.failedEvents,
    } = this.#queues());
    this.inboundMail = this.#inboundMail();
    this.guestListExports = this.#guestListExports();
    this.signingKeys = this.#signingKeys();
    ({ scheduleGroup: this.scheduleGroup, schedulerRole: this.schedulerRole } = this.#timers(
      this.commandQueue,
      this.failedEvents,
    ));
    this.#outputs();
  }

  /** The guest, audit and mail tables. */
  #tables(): { guestTable: Table; auditTable: Table; mailTable: Table } {
    // The keys are exactly those of createGuestTable (adapters/aws/guest-table.ts), which tests run on
    // DynamoDB Local: pk/sk, the sparse keys-only GSI `waitlist` on wlpk/wlsk, and the keys-only GSI `roster`
    // on eventId/createdAt (the guest list in registration order, a page at a time).
    const guestTable = new Table(this, "GuestTable", {
      partitionKey: { name: "pk", type: AttributeType.STRING },
      sortKey: { name: "sk", type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // The stream handlers need both images: a transition is the difference between old and new.
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
    });
    guestTable.addGlobalSecondaryIndex({
      indexName: waitlistIndex,
      partitionKey: { name: "wlpk", type: AttributeType.STRING },
      sortKey: { name: "wlsk", type: AttributeType.STRING },
      projectionType: ProjectionType.KEYS_ONLY,
    });
    // Attributes every guest item has always had: added to a deployed table, DynamoDB fills it from the items.
    guestTable.addGlobalSecondaryIndex({
      indexName: rosterIndex,
      partitionKey: { name: "eventId", type: AttributeType.STRING },
      sortKey: { name: "createdAt", type: AttributeType.STRING },
      projectionType: ProjectionType.KEYS_ONLY,
    });
    // The door's search by name (sparse: written with each guest item since it). DynamoDB creates one index per
    // table update, so a table that lacks both this and the roster index takes two deployments.
    guestTable.addGlobalSecondaryIndex({
      indexName: namesIndex,
      partitionKey: { name: "nmpk", type: AttributeType.STRING },
      sortKey: { name: "nmsk", type: AttributeType.STRING },
      projectionType: ProjectionType.KEYS_ONLY,
    });

    // The keys and the order index are those of createAuditTable (adapters/aws/dynamo-audit-log.ts).
    const audit = new Table(this, "AuditTable", {
      partitionKey: { name: auditTable.partitionKey, type: AttributeType.STRING },
      sortKey: { name: auditTable.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    });
    audit.addLocalSecondaryIndex({
      indexName: auditTable.orderIndex,
      sortKey: { name: auditTable.orderKey, type: AttributeType.NUMBER },
      projectionType: ProjectionType.ALL,
    });

    // Not the guest table: its stream would carry the claims. Not the audit table: the trail stays the trail.
    const mailTable = new Table(this, "MailTable", {
      partitionKey: { name: "pk", type: AttributeType.STRING },
      sortKey: { name: "sk", type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      // Send-once claims and refusal notes go 30 days after they were written (adapters/aws/mail-table.ts).
      timeToLiveAttribute: mailTtlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    });
    return { guestTable, auditTable: audit, mailTable };
  }

  /** The command queue and the send queue, each with its dead letters, and the failed-events queue. */
  #queues(): {
    commandDeadLetters: Queue;
    commandQueue: Queue;
    sendDeadLetters: Queue;
    sendJobs: Queue;
    failedEvents: Queue;
  } {
    const commandDeadLetters = new Queue(this, "CommandDeadLetters", {
      fifo: true,
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    const commandQueue = new Queue(this, "CommandQueue", {
      fifo: true,
      // EventBridge Scheduler cannot pass a deduplication id to a FIFO target, so content-based deduplication
      // must be on; producers still set MessageDeduplicationId from the command identity, which takes precedence.
      contentBasedDeduplication: true,
      // High-throughput FIFO: deduplication and throughput are per message group (= per event).
      deduplicationScope: DeduplicationScope.MESSAGE_GROUP,
      fifoThroughputLimit: FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
      visibilityTimeout: Duration.seconds(keeperTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: commandDeadLetters, maxReceiveCount },
    });

    const sendDeadLetters = new Queue(this, "SendDeadLetters", {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    const sendJobs = new Queue(this, "SendJobs", {
      visibilityTimeout: Duration.seconds(sendTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // A throttled job is put back as a new message (a delay, not a failed receive): only jobs that fail
      // count towards this.
      deadLetterQueue: { queue: sendDeadLetters, maxReceiveCount },
    });

    const failedEvents = new Queue(this, "FailedEvents", {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    Validations.of(failedEvents).acknowledge({
      id: "AwsSolutions-SQS3",
      reason:
        "This queue is itself a dead-letter destination (the stream event source's on-failure target and the " +
        "inbound-mail parser's async failures); a dead-letter queue of a dead-letter queue adds nothing.",
    });
    return { commandDeadLetters, commandQueue, sendDeadLetters, sendJobs, failedEvents };
  }

  /** The inbound-mail bucket SES writes received messages to. */
  #inboundMail(): Bucket {
    const inboundMail = new Bucket(this, "InboundMail", {
      versioned: true,
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      lifecycleRules: [
        {
          expiration: Duration.days(inboundMailDays),
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    // New objects are announced on EventBridge, where the stateless stack's rule picks them up. Set on the
    // CloudFormation resource itself: the L2 `eventBridgeEnabled` goes through a custom-resource Lambda.
    (inboundMail.node.defaultChild as CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };
    Validations.of(inboundMail).acknowledge({
      id: "AwsSolutions-S1",
      reason:
        "The only writer is SES (its receipt rule) and the only reader the parser function; objects expire " +
        "after 30 days. Server access logs would need a second bucket for no reader; CloudTrail data events " +
        "are the place to turn on if object access ever needs auditing.",
    });
    return inboundMail;
  }

  /** The guest list's one-file downloads: guest data, kept a day at most. */
  #guestListExports(): Bucket {
    const exports = new Bucket(this, "GuestListExports", {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // Not versioned: a deleted or expired file leaves no older copy behind.
      lifecycleRules: [
        {
          prefix: guestListExportPrefix,
          expiration: Duration.days(guestListExportDays),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    Validations.of(exports).acknowledge({
      id: "AwsSolutions-S1",
      reason:
        "The only writer and reader is the web function (the host's download, by a presigned link); objects " +
        "expire after a day. Server access logs would need a second bucket that keeps who downloaded longer " +
        "than the files; CloudTrail data events are the place to turn on if object access needs auditing.",
    });
    return exports;
  }

  /** The link-signing keyring. */
  #signingKeys(): Secret {
    // Generated as one key {kid: "k1", secret}, since CloudFormation cannot generate a nested value; the keyring
    // adapter (adapters/aws/secrets-keyring.ts) reads it as { current: key, previous: [] }, so a fresh deploy
    // signs links with no manual step, and a rotation writes the full keyring. 64 letters and digits (no
    // punctuation, no space) are canonical base64url of 48 bytes, ~381 random bits: contracts/link.ts's
    // SigningSecret asks for at least 32 bytes, HMAC-SHA256's own strength.
    const signingKeys = new Secret(this, "SigningKeys", {
      description: "rsvp link-signing keys (HMAC); rotate by writing a new keyring that keeps the old keys",
      // Losing the keys voids every link already sent: kept when the stack goes, like the tables.
      removalPolicy: RemovalPolicy.RETAIN,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ kid: "k1" }),
        generateStringKey: "secret",
        passwordLength: 64,
        excludePunctuation: true,
        includeSpace: false,
      },
    });
    Validations.of(signingKeys).acknowledge({
      id: "AwsSolutions-SMG4",
      reason:
        "Rotating this secret must keep the previous keys (links already in inboxes are signed with them), " +
        "which a Secrets Manager rotation function replacing the value would break; rotation is an " +
        "operator action that writes a new keyring with the old keys kept.",
    });
    return signingKeys;
  }

  /** The timers' schedule group, and the role Scheduler sends due timers to the command queue with. */
  #timers(commandQueue: Queue, failedEvents: Queue): { scheduleGroup: ScheduleGroup; schedulerRole: Role } {
    // Named after the stack rather than generated, so the schedules' ARN pattern is known when granting. It
    // goes with the stack (deleting its schedules, whose queue goes too): a retained group of a fixed name
    // would make the next deploy after `cdk destroy` fail on "already exists".
    const scheduleGroup = new ScheduleGroup(this, "Timers", {
      scheduleGroupName: `${this.stackName}-timers`,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Scheduler delivers a due timer's command to the FIFO queue and does nothing else.
    const schedulerRole = new Role(this, "SchedulerRole", {
      // Only schedules of the timers' group may use it (the confused-deputy guard AWS advises).
      assumedBy: new ServicePrincipal("scheduler.amazonaws.com", {
        conditions: {
          StringEquals: { "aws:SourceAccount": this.account },
          ArnLike: {
            "aws:SourceArn": this.formatArn({
              service: "scheduler",
              resource: "schedule",
              resourceName: `${scheduleGroup.scheduleGroupName}/*`,
            }),
          },
        },
      }),
      description: "EventBridge Scheduler sends due rsvp timers to the command queue",
    });
    schedulerRole.addToPolicy(
      new PolicyStatement({ actions: ["sqs:SendMessage"], resources: [commandQueue.queueArn] }),
    );
    // A timer Scheduler could not deliver after its retries goes to the failed-events queue (its dead-letter
    // target), not nowhere.
    schedulerRole.addToPolicy(
      new PolicyStatement({ actions: ["sqs:SendMessage"], resources: [failedEvents.queueArn] }),
    );
    return { scheduleGroup, schedulerRole };
  }

  /** What the CLI (`rsvp … --aws`) reads to find the resources: the keys are stable (stack-outputs.ts). */
  #outputs(): void {
    const outputs: Record<StatefulOutput, string> = {
      [statefulOutputs.guestTable]: this.guestTable.tableName,
      [statefulOutputs.auditTable]: this.auditTable.tableName,
      [statefulOutputs.mailTable]: this.mailTable.tableName,
      [statefulOutputs.commandQueueUrl]: this.commandQueue.queueUrl,
      [statefulOutputs.commandDeadLettersUrl]: this.commandDeadLetters.queueUrl,
      [statefulOutputs.failedEventsUrl]: this.failedEvents.queueUrl,
      [statefulOutputs.sendQueueUrl]: this.sendJobs.queueUrl,
      [statefulOutputs.sendDeadLettersUrl]: this.sendDeadLetters.queueUrl,
      [statefulOutputs.inboundMailBucket]: this.inboundMail.bucketName,
      [statefulOutputs.signingKeysSecretArn]: this.signingKeys.secretArn,
      [statefulOutputs.scheduleGroupName]: this.scheduleGroup.scheduleGroupName,
    };
    for (const [name, value] of Object.entries(outputs)) new CfnOutput(this, name, { value });
  }
}
