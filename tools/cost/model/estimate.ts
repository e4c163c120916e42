/**
 * The estimate: what an N-guest event costs on AWS, counted from how the pipeline works rather than run.
 * Each step of the scenario (`scenario.ts`) is turned into the AWS calls the code makes for it, following the
 * AWS runtime step by step:
 *
 * - a producer (web Lambda, or the inbound-mail Lambda for an email reply) reads the event and sends ONE
 *   command to the SQS FIFO queue (producers/web, producers/email/reply-lane.ts);
 * - Lambda's queue poller receives it and invokes the keeper, which reads what the decision needs in one
 *   BatchGetItem and commits it in ONE TransactWriteItems (adapters/aws/dynamo-guest-store.ts); the poller
 *   then deletes the message;
 * - the guest table's stream invokes the streams Lambda, which runs each guest change through audit (a
 *   sequence reservation and a conditional put, dynamo-audit-log.ts), waitlist (an `offer-next` to the queue
 *   when a seat came free), timers (reads the event, creates or deletes schedules) and messenger (reads the
 *   event, queues each email as a send job: sqs-send-jobs.ts, one SendMessageBatch per 10);
 * - Lambda's poller hands the send jobs to the Send Lambda, which claims the email key, sends through SES and
 *   marks it sent (ses-mailer.ts); the poller deletes each batch;
 * - a due schedule sends its command to the queue (Scheduler), and the keeper and streams run again.
 *
 * Capacity units follow the item sizes below (a transaction's writes cost double). Calls per step are checked
 * against a measured run of the same scenario (`rsvp cost --measured`): where they differ, the measured count
 * is what the code really does. Pure.
 */
import type { Usage } from "../contracts.ts";
import {
  type CostAssumptions,
  defaultAssumptions,
  type LifecycleCounts,
  lifecycleCounts,
  picked,
  registrationDays,
  registrationGapMs,
} from "./scenario.ts";
import {
  type Caller,
  countCall,
  countInvocation,
  durationModel,
  emptyTally,
  type Tally,
  usageOf,
} from "./tally.ts";

/**
 * Write request units of one write of each item kind (1 per started KB), and read units of one strongly
 * consistent read (1 per started 4 KB). Sizes are typical of the records the contracts hold.
 */
const itemCapacity = {
  /** The event's META item (the record with its settings and last change): under 1 KB by DynamoDB's count. */
  eventWru: 1,
  /** A guest item with its last change and counters: under 1 KB by DynamoDB's count. */
  guestWru: 1,
  /** EMAIL#, CMD# and audit-sequence items, the mail claim: well under 1 KB. */
  smallWru: 1,
  /** An audit entry (about 0.8 KB) and its copy in the `bySeq` index (all attributes projected). */
  auditEntryWru: 2,
  /** The waitlist index entry of a guest joining or leaving the line (keys only). */
  waitlistIndexWru: 1,
  /** The roster index entry of a new guest (keys only; written once: `createdAt` never changes). */
  rosterIndexWru: 1,
  /** The names index entry of a new guest (keys only; the door's search by name; rewritten only on a rename). */
  namesIndexWru: 1,
  /** The download's part mark the keeper writes with every 20th new guest, in its transaction (ROSTER#<n>). */
  rosterMarkWruPerGuest: 1 / 20,
  /** Any item read strongly consistently: every item is under 4 KB. */
  readRru: 1,
  /** Bytes of a guest's share of the tables: guest, address and command items, audit entries, mail claims. */
  storageBytesPerGuest: 6_000,
};

/** A transactional write consumes twice the units of a plain one. */
const TRANSACTION = 2;

/** Commands the keeper decides together when they arrive at once (the queue's batch size, stacks/). */
const keeperBatch = 10;
/** Guest changes per streams invocation when changes arrive in a burst (reminders all fall due together). */
const streamsBurst = 20;
/** Bytes of a confirmation's calendar attachment as sent (base64). */
const calendarAttachmentBytes = 1_400;
/** Bytes of a received email reply, kept in the inbound bucket for 30 days. */
const inboundMessageBytes = 12_000;
/** Guest bytes a listing query reads (a guest item), for listing reads. */
const guestItemBytes = 1_100;

/** Counts the calls of one step into the tally. */
class Steps {
  readonly tally: Tally;
  readonly #a: CostAssumptions;
  /** Guests on the list so far: what a full listing reads. */
  guestsSoFar = 0;

  constructor(tally: Tally, a: CostAssumptions) {
    this.tally = tally;
    this.#a = a;
  }

  call(caller: Caller, operation: string, n = 1) {
    if (n > 0) countCall(this.tally, caller, operation, n);
  }

  read(caller: Caller, n = 1) {
    this.call(caller, "DynamoDB.GetItem", n);
    this.tally.dynamodb.readRequestUnits += n * itemCapacity.readRru;
  }

  /** A strongly consistent query over every guest of the event (listGuests). */
  listGuests(caller: Caller) {
    this.call(
      caller,
      "DynamoDB.Query",
      Math.max(1, Math.ceil((this.guestsSoFar * guestItemBytes) / 1_000_000)),
    );
    this.tally.dynamodb.readRequestUnits += Math.max(
      1,
      Math.ceil((this.guestsSoFar * guestItemBytes) / 4096),
    );
  }

  /** A web request (`cold`: the first of a visit, after the function sat idle). */
  web(reads: number, send = false, cold = false) {
    countInvocation(this.tally, "Web", 1, cold ? 1 : 0);
    this.read("Web", reads);
    if (send) this.call("Web", "SQS.SendMessageBatch");
  }

  /**
   * A guest's registration session on the web: the form, the post, the status page (`cold`: the function sat
   * idle since the last visit). Each visit reads the keyring, whose 5-minute cache has run out by then.
   */
  webRegistration(cold: boolean, waitlisted: boolean) {
    this.call("Web", "SecretsManager.GetSecretValue");
    this.web(1, false, cold); // GET /e/:event: the event
    this.web(1, true); // POST: the event (open?), then the command
    // The status page: the event, the command's result, the guest; in line, their place (the guest, a count).
    for (let i = 0; i < this.#a.statusViewsPerAction; i++) {
      this.web(waitlisted ? 4 : 3);
      if (waitlisted) this.call("Web", "DynamoDB.Query");
    }
  }

  /** A guest opening their manage page from an email's Manage your RSVP link: the event and the guest. */
  managePage() {
    this.web(2);
  }

  /** A guest following an email link: the page with its button, the POST, the page saying what happened. */
  linkAction() {
    this.call("Web", "SecretsManager.GetSecretValue");
    this.web(2, false, true); // the event and the guest
    this.web(2, true); // read again on POST, then the command
    for (let i = 0; i < this.#a.statusViewsPerAction; i++) this.web(3); // event, guest, result
  }

  /**
   * A reply by email from someone not on the list yet: SES stores it in S3, the inbound-mail Lambda reads it
   * and, since only a signed per-guest reply address may act, queues an email to the (DMARC-authenticated)
   * sender with the register page's link instead of registering them (the Send function sends it, as it sends
   * the streams function's); they register there (`webRegistration`).
   */
  emailRegistration() {
    this.tally.ses.inboundMessages += 1;
    this.tally.ses.inboundChunks += Math.ceil(inboundMessageBytes / (256 * 1024));
    this.tally.s3StorageBytes += inboundMessageBytes;
    this.call("AWS", "S3.PutObject");
    countInvocation(this.tally, "InboundMail", 1, 1);
    this.call("InboundMail", "SecretsManager.GetSecretValue");
    this.call("InboundMail", "S3.GetObject");
    this.read("InboundMail"); // the event
    this.read("InboundMail"); // is the sender on the list already? (their address item: none yet)
    // The confirmation link: a send job on the mail path's queue.
    this.emails(1, 0, { from: "InboundMail", aboutGuest: false });
  }

  /** A due schedule: Scheduler sends its command to the queue. */
  timerFires(n = 1) {
    this.tally.schedulerInvocations += n;
    this.call("AWS", "SQS.SendMessage", n);
  }

  /**
   * The keeper deciding `commands` of one kind: one invocation per batch, each reading what it needs in one
   * BatchGetItem (the event, the command records, the guests or addresses) and committing one transaction;
   * the queue poller receives and deletes each batch.
   */
  keeper(
    commands: number,
    writeUnitsEach: number,
    options: { batch?: number; head?: boolean; cold?: number } = {},
  ) {
    if (commands <= 0) return;
    const batch = options.batch ?? 1;
    const batches = Math.ceil(commands / batch);
    // Commands arriving one at a time find the keeper cold (unless told otherwise); a burst warms it once.
    countInvocation(this.tally, "Keeper", batches, options.cold ?? (batch === 1 ? batches : 1));
    this.call("AWS", "SQS.ReceiveMessage", batches);
    this.call("AWS", "SQS.DeleteMessageBatch", batches);
    this.call("Keeper", "DynamoDB.BatchGetItem", batches);
    // The event once per batch; per command its record and its guest or address.
    this.tally.dynamodb.readRequestUnits += batches + 2 * commands;
    if (options.head) {
      // The head of the line: the waitlist index (keys only, eventually consistent), then those rows.
      this.call("Keeper", "DynamoDB.Query", batches);
      this.call("Keeper", "DynamoDB.BatchGetItem", batches);
      this.tally.dynamodb.readRequestUnits += batches * 2;
    }
    this.call("Keeper", "DynamoDB.TransactWriteItems", batches);
    this.tally.dynamodb.writeRequestUnits += commands * writeUnitsEach;
  }

  /** Streams invocations for `n` commits arriving one at a time (or, with `burst`, all at once). */
  streams(n: number, burst = false, cold?: number) {
    const invocations = burst ? Math.ceil(n / streamsBurst) : n;
    countInvocation(this.tally, "Streams", invocations, cold ?? (burst ? 1 : invocations));
    // The keyring, fetched when the container's 5-minute cache is cold: every sparse invocation, once a burst.
    this.call("Streams", "SecretsManager.GetSecretValue", burst ? 1 : invocations);
  }

  /** The stream handlers on `n` guest changes: audit entry, the event read by timers and by messenger. */
  guestChanges(n: number) {
    this.eventChanges(n);
    this.read("Streams", 2 * n); // the event, by timers and by messenger
  }

  /**
   * The audit entries of `n` changes: all an event's own change (a setting, a summary, the thank-you) costs
   * the stream handlers, and the first part of a guest change's.
   */
  eventChanges(n: number) {
    this.call("Streams", "DynamoDB.UpdateItem", n); // audit sequence
    this.call("Streams", "DynamoDB.PutItem", n); // audit entry
    this.tally.dynamodb.writeRequestUnits += n * (itemCapacity.smallWru + itemCapacity.auditEntryWru);
  }

  /**
   * `n` emails: queued as send jobs by the streams function (one SendMessageBatch per `batch` of them: the
   * emails of one change, or of a burst's), handed to the Send function in the same batches by the poller
   * (which receives and deletes them), and sent there: the guest's row (is their data erased?), the send-once
   * claim, SES, the claim marked sent.
   * `cold`: Send invocations that start a new environment (default: each of a trickle, one for a burst).
   * `from`: the function that queues them (default the streams function; an email reply's answer: InboundMail).
   * `aboutGuest`: false for emails about no guest (the host's summaries, a reply's link), whose row is not read.
   */
  emails(
    n: number,
    attachmentBytes = 0,
    options: { batch?: number; cold?: number; from?: "Streams" | "InboundMail"; aboutGuest?: boolean } = {},
  ) {
    if (n <= 0) return;
    const batch = Math.min(10, options.batch ?? 1);
    const batches = Math.ceil(n / batch);
    this.call(options.from ?? "Streams", "SQS.SendMessageBatch", batches);
    countInvocation(this.tally, "Send", batches, options.cold ?? (batch === 1 ? batches : 1));
    this.call("AWS", "SQS.ReceiveMessage", batches);
    this.call("AWS", "SQS.DeleteMessageBatch", batches);
    if (options.aboutGuest !== false) this.read("Send", n);
    this.call("Send", "DynamoDB.PutItem", n);
    this.call("Send", "SES.SendEmail", n);
    this.call("Send", "DynamoDB.UpdateItem", n);
    this.tally.dynamodb.writeRequestUnits += n * 2 * itemCapacity.smallWru;
    this.tally.ses.messages += n;
    this.tally.ses.attachmentBytes += n * attachmentBytes;
  }

  schedules(create: number, remove = 0) {
    this.call("Streams", "Scheduler.CreateSchedule", create);
    this.call("Streams", "Scheduler.DeleteSchedule", remove);
  }
}

const {
  eventWru,
  guestWru,
  smallWru,
  waitlistIndexWru,
  rosterIndexWru,
  namesIndexWru,
  rosterMarkWruPerGuest,
} = itemCapacity;
/** A transaction writing the event, one guest and the command's record. */
const guestDecisionWru = (eventWru + guestWru + smallWru) * TRANSACTION;
/**
 * A registration also writes the address item, its guest joins the roster index (the host's list) and the names
 * index (the door's search), and every 20th brings a part mark into the transaction.
 */
const registrationWru =
  guestDecisionWru +
  smallWru * TRANSACTION +
  rosterIndexWru +
  namesIndexWru +
  rosterMarkWruPerGuest * TRANSACTION;
/** A reminder changes the guest and records the command; the event's version moves once per batch. */
const noticeWru = (guestWru + smallWru) * TRANSACTION;

/** The tally of one N-guest event's whole lifecycle, step by step. */
export function estimateTally(guests: number, a: CostAssumptions = defaultAssumptions): Tally {
  const c: LifecycleCounts = lifecycleCounts(guests, a);
  const s = new Steps(emptyTally(), a);
  const remindersBooked = a.remindersPerGuest;

  // The event is created: event and host-token items in one transaction; its stream books the summaries (and
  // the end-of-event timer of the thank-you).
  s.call("Web", "DynamoDB.TransactWriteItems");
  s.tally.dynamodb.writeRequestUnits += (eventWru + smallWru) * TRANSACTION;
  s.streams(1);
  s.eventChanges(1);
  s.schedules(c.summaries + (a.thankYou ? 1 : 0));

  // Registrations, one at a time as people arrive: far enough apart that each finds the functions cold, or
  // (a large event) close enough that only the first of each day does.
  const warm = registrationGapMs(guests) <= durationModel.warmForMs;
  const coldShare = warm ? Math.min(1, registrationDays / guests) : 1;
  for (let i = 0; i < guests; i++) {
    if (picked(i, a.emailReplyShare)) s.emailRegistration();
    s.webRegistration(!warm || i % Math.ceil(guests / registrationDays) === 0, i >= c.capacity);
    s.guestsSoFar += 1;
  }
  s.keeper(c.seated, registrationWru, { cold: Math.round(c.seated * coldShare) });
  s.keeper(c.waitlisted, registrationWru + waitlistIndexWru, { cold: Math.round(c.waitlisted * coldShare) });
  s.streams(guests, false, Math.round(guests * coldShare));
  s.guestChanges(guests);
  s.emails(c.seated, calendarAttachmentBytes, { cold: Math.round(c.seated * coldShare) });
  s.emails(c.waitlisted, 0, { cold: Math.round(c.waitlisted * coldShare) });
  s.schedules(c.seated * remindersBooked);

  // Cancellations by link: each releases a seat; its reminders go; the waitlist handler asks for an offer.
  // A cancel starts on the manage page the emails link to, whose cancel button opens the cancel page.
  for (let i = 0; i < c.cancellations; i++) {
    s.managePage();
    s.linkAction();
  }
  s.keeper(c.cancellations, guestDecisionWru);
  s.streams(c.cancellations);
  s.guestChanges(c.cancellations);
  s.emails(c.cancellations);
  s.schedules(0, c.cancellations * remindersBooked);
  // offer-next after each seat that came free while people wait: a cancellation or a lapse with a line behind.
  const offerRounds = c.offers;
  s.call("Streams", "SQS.SendMessageBatch", offerRounds);
  s.keeper(offerRounds, guestDecisionWru + waitlistIndexWru, { head: true });
  s.streams(offerRounds);
  s.guestChanges(c.offers);
  s.emails(c.offers);
  s.schedules(c.offers); // the offer's expiry

  // Claims by link: confirmed; the expiry (and a deferred delivery) go, the reminders are booked.
  for (let i = 0; i < c.claims; i++) s.linkAction();
  s.keeper(c.claims, guestDecisionWru);
  s.streams(c.claims);
  s.guestChanges(c.claims);
  s.emails(c.claims, calendarAttachmentBytes);
  // The offer's expiry goes (its delivery too, had quiet hours held the email back: the scenario's are daytime).
  s.schedules(c.claims * remindersBooked, c.claims);

  // Lapses: the expiry fires, the keeper lapses the offer, the seat passes on.
  s.timerFires(c.lapses);
  s.keeper(c.lapses, guestDecisionWru);
  s.streams(c.lapses);
  s.guestChanges(c.lapses);
  s.emails(c.lapses);
  // Nothing to delete: the expiry is the schedule that fired.

  // The host's daily summaries: each lists the guests.
  s.timerFires(c.summaries);
  s.keeper(c.summaries, (eventWru + smallWru) * TRANSACTION);
  s.streams(c.summaries);
  s.eventChanges(c.summaries);
  for (let i = 0; i < c.summaries; i++) s.listGuests("Streams");
  s.emails(c.summaries, 0, { aboutGuest: false });

  // Reminders: every seat holder's fall due together, in a burst per kind.
  s.timerFires(c.reminders);
  s.keeper(c.reminders, noticeWru, { batch: keeperBatch });
  s.tally.dynamodb.writeRequestUnits += Math.ceil(c.reminders / keeperBatch) * eventWru * TRANSACTION;
  s.streams(c.reminders, true);
  s.guestChanges(c.reminders);
  s.emails(c.reminders, 0, { batch: streamsBurst });

  // The thank-you: the end timer, one Bedrock draft, then a note to every seat holder.
  if (a.thankYou) {
    s.timerFires(1);
    s.keeper(1, (eventWru + smallWru) * TRANSACTION);
    s.streams(1);
    s.eventChanges(1);
    s.call("Streams", "Bedrock.Converse");
    s.tally.bedrock.inputTokens += a.draftInputTokens;
    s.tally.bedrock.outputTokens += a.draftOutputTokens;
    s.call("Streams", "SQS.SendMessageBatch");
    s.keeper(1, (eventWru + smallWru) * TRANSACTION);
    s.streams(1);
    s.eventChanges(1);
    s.listGuests("Streams");
    s.emails(c.thankYouNotes, 0, { batch: 10 });
  }

  // The host page: opened once a day, then its headcount polled every 2 s while open (host token and event).
  const hostMinutes = a.hostPageMinutesPerDay * a.runUpDays;
  for (let day = 0; day < a.runUpDays; day++) s.web(2, false, true);
  for (let i = 0; i < hostMinutes * 30; i++) s.web(2);
  // The keyring's 5-minute cache runs out while the page stays open: a Secrets Manager read per 5 minutes.
  s.call("Web", "SecretsManager.GetSecretValue", a.runUpDays * Math.ceil(a.hostPageMinutesPerDay / 5));

  s.tally.dynamodb.storageBytes += guests * itemCapacity.storageBytesPerGuest;
  return s.tally;
}

/** The estimated usage of one N-guest event, its whole lifecycle billed in one month. */
export function estimateUsage(guests: number, a: CostAssumptions = defaultAssumptions): Usage {
  return usageOf(estimateTally(guests, a));
}
