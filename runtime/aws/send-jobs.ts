/**
 * The mail path's queue of send jobs as the functions that use it compose it: the streams and inbound-mail
 * functions queue emails on it, the Send function puts a job back on it. From the environment the stack gives
 * them (stacks/mail-path.ts `queueEnv`): the queue's URL, and the bulk trickle where `RSVP_BULK_SEND_RATE` is
 * set (the streams function's; the others queue no bulk email). Its own module, not adapters.ts, so that the
 * functions that queue no email (web, keeper, import, feedback) do not load it and the send-job contract at
 * cold start (see tables.ts for why a module an entry imports is loaded, used or not).
 */
import type { SQSClient } from "@aws-sdk/client-sqs";
import { SqsSendJobs } from "../../adapters/aws/sqs-send-jobs.ts";
import type { Clock } from "../../core/ports.ts";
import { awsEnv, requireEnv } from "./env.ts";

export const sendJobs = (env: NodeJS.ProcessEnv, sqs: SQSClient, clock: Clock) =>
  new SqsSendJobs({
    client: sqs,
    queueUrl: requireEnv(env, awsEnv.sendQueueUrl),
    bulkPerSecond: Number(env[awsEnv.bulkSendRate]) || undefined,
    now: () => clock.now().getTime(),
  });
