import type { Logger } from "pino";
import { cachedKeyring } from "../../adapters/local/keyring-cache.ts";
import { mailEnv, SmtpDelivery, smtpConfigFromEnv } from "../../adapters/local/smtp-delivery.ts";
import { inboundEnv } from "../../adapters/local/smtp-listener.ts";
import { SqliteMailOutbox } from "../../adapters/local/sqlite-mail-outbox.ts";
import { signedLinkMinter } from "../../core/link-minter.ts";
import { signedReplyAddresses } from "../../core/mail-identity.ts";
import type { Clock } from "../../core/ports.ts";
import { type CalendarSite, calendarSiteOf } from "../../mail/calendar.ts";
import { changeHandlers, handlerNames } from "../../streams/change-handlers.ts";
import { thankYouDrafterFromEnv } from "../host-assistant.ts";
import { ChangeFeedLoop, type NamedHandler } from "./change-feed-loop.ts";
import { KeeperLoop } from "./keeper-loop.ts";
import { MailDeliveryLoop } from "./mail-delivery-loop.ts";
import type { Stores } from "./stores.ts";
import { TimerLoop } from "./timer-loop.ts";

/** The audit handler's checkpoint name in the change feed (the CLI delivers to it too, see `rsvp audit`). */
export const auditConsumer = handlerNames.audit;

export interface BackgroundDeps {
  stores: Stores;
  dataDir: string;
  clock: Clock;
  logger: Logger;
  /** The public base URL email links are built from. */
  baseUrl: () => string;
  /** Where RSVP_SMTP_URL and RSVP_MAIL_FROM are read from. */
  env?: NodeJS.ProcessEnv;
  /** The email-reply lane's domain: guest emails get Reply-To rsvp+EVENTID@it. Absent: RSVP_INBOUND_DOMAIN. */
  inboundDomain?: string;
  /** The keeper's pause after a storage fault, first and at most (tests shorten it). */
  faultBackoff?: { firstMs: number; maxMs: number };
  /**
   * Under load: how long the keeper lets commands gather after a batch that was not full (see KeeperLoop's
   * `lingerMs`); the change feed then also waits while the keeper works through a backlog. 0 (tests'
   * default): no waiting anywhere. `rsvp start` sets it.
   */
  keeperLingerMs?: number;
  /**
   * How long a stop waits for the change feed (emails, timers, audit) to catch up once the keeper has applied
   * everything queued; what is left is delivered from the feed's checkpoints after the next start. Absent (tests'
   * default): until it has caught up. `rsvp start` sets it, so a stop after a rush ends within a service
   * manager's grace instead of rendering thousands of emails first.
   */
  stopDrainMs?: number;
}

type MailSettings = Pick<BackgroundDeps, "baseUrl" | "env" | "inboundDomain">;

const inboundDomainOf = (deps: MailSettings) =>
  deps.inboundDomain ?? (deps.env ?? process.env)[inboundEnv.domain]?.trim();

/** The SMTP settings; the lane's domain is also where a default sender may live (see smtpConfigFromEnv). */
function embeddedSmtpConfig(deps: MailSettings) {
  const inboundDomain = inboundDomainOf(deps);
  return smtpConfigFromEnv(
    { ...(deps.env ?? process.env), ...(inboundDomain ? { [inboundEnv.domain]: inboundDomain } : {}) },
    deps.baseUrl(),
  );
}

/**
 * The calendar site of the embedded runtime's emails: the sender's domain (RSVP_MAIL_FROM, or the default
 * sender SMTP delivery uses), else the base URL's host. The manage page's .ics download uses it too, so the
 * downloaded entry has the UID a later update or cancellation email names.
 */
export function embeddedCalendarSite(deps: MailSettings): CalendarSite {
  return calendarSiteOf(
    embeddedSmtpConfig(deps)?.from ?? (deps.env ?? process.env)[mailEnv.from],
    deps.baseUrl(),
  );
}

/** How long after the last request's command arrived the background still counts as under load. */
const loadMemoryMs = 1_000;
/**
 * Under load the change feed (emails, timers, audit) rests this many times as long as each page took: it
 * leaves the cores to accepting requests and deciding seats, and catches up once the rush is over.
 */
const feedRestRatio = 9;
/**
 * How long one page of the change feed may hold the worker thread, loaded or not (see FeedPacing's `pageMs`):
 * the keeper waits at most about this long for its next batch. 500 confirmation emails in one page held it
 * 2–3 s in the middle of a 100,000-row import.
 */
const feedPageMs = 50;

/**
 * Commands a keeper batch may hold while no requests arrive (see KeeperLoop's `backlogBatch`): a 100,000-row
 * import applied in batches of 5,000 took 40% less of the worker's CPU than in batches of 1,000 (with the page
 * cache below), since each index page a batch touches is written to the log once per commit; 10,000 took the
 * wall time from 9.4–11.4 s to 7.1–9.5 s (one run of six 13.8 s). A request arriving meanwhile waits for the
 * batch in hand (about half a second), and the next batch is back at the usual size.
 */
const backlogBatchSize = 10_000;

/** How often an idle `rsvp start` keeper looks for commands another process queued on its data dir. */
const otherProcessPollMs = 100;

/** Waits for `drained`, or at most `ms` (absent: for as long as it takes). */
async function drainWithin(drained: Promise<void>, ms: number | undefined): Promise<void> {
  if (ms === undefined) return drained;
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([drained, budget]).finally(() => clearTimeout(timer));
}

/** Everything behind the HTTP surface: the keeper, the change feed and its handlers, the timers. */
export interface Background {
  /** New commands were queued (by another connection): look now. */
  poke(): void;
  /** Resolves when the queue is empty and every handler has seen every change, repeatedly until both hold. */
  idle(): Promise<void>;
  /** Fires the timers due by the clock's now, then waits until idle. */
  tick(): Promise<void>;
  /**
   * Stops the timers, applies everything queued, lets the feed catch up (within `stopDrainMs`), stops the loops
   * (the caller closes the database).
   */
  stop(): Promise<void>;
  /** Whether commands are being applied and changes delivered; if not, why and since when. */
  health(): BackgroundHealth;
}

/** What `/healthz` reports of the background: working, or down with a reason a person can act on. */
export type BackgroundHealth = { ok: true } | { ok: false; reason: string; since: string };

/**
 * Composes the keeper loop, the change feed with its stream handlers, and the timer loop over one
 * connection. Runs in the main thread (tests, with a fake clock) or in a worker thread of its own (`rsvp
 * start`), so that deciding and fanning out never takes CPU time from accepting requests.
 */
export function startBackground(deps: BackgroundDeps): Background {
  const { stores, clock, logger } = deps;
  const { db, store, queue, audit, feed, timers } = stores;

  // Signing keys are re-read when `rsvp keys rotate` replaces the file; a damaged file keeps the last good keys.
  const keyring = cachedKeyring(deps.dataDir, {
    onError: (err) =>
      logger.error({ err }, "signing key file is damaged; still using the keys loaded before"),
  });
  const links = signedLinkMinter({ keyring, baseUrl: deps.baseUrl, clock, checkInCodes: true });
  // With the email-reply lane configured, a guest who answers an email answers the lane.
  const inboundDomain = inboundDomainOf(deps);
  const smtp = embeddedSmtpConfig(deps);
  const outbox = new SqliteMailOutbox(db, { clock, deliver: smtp !== null });
  const replyTo = inboundDomain ? signedReplyAddresses(keyring, { domain: inboundDomain }) : undefined;

  // The same handlers the DynamoDB Streams Lambda runs; each name is a checkpoint in the feed.
  const handlers: NamedHandler[] = changeHandlers({
    audit,
    queue,
    reader: store,
    timers,
    mailer: outbox,
    links,
    clock,
    replyTo,
    // Calendar UIDs live on the sender's domain (RSVP_MAIL_FROM), else on the base URL's host.
    calendar: embeddedCalendarSite(deps),
    // With RSVP_BEDROCK_MODEL set, Bedrock drafts the thank-you note; without it, the template does.
    drafter: thankYouDrafterFromEnv(deps.env ?? process.env),
    logger: logger.child({ part: "thanks" }),
  });
  // Emails are about what happens from now on: a data dir from before the messenger existed mails no history.
  stores.feed.startAtHead(handlerNames.messenger);
  // Likewise the thank-you drafts: nothing before the handler existed was waiting for one.
  stores.feed.startAtHead(handlerNames.thanks);
  // And retention: no erasure was due before the handler existed.
  stores.feed.startAtHead(handlerNames.retention);
  const linger = deps.keeperLingerMs ?? 0;
  // Requests arriving: the request thread's sends wake the keeper (`poke`); a rush is a poke every few ms.
  let lastPokeAt = Number.NEGATIVE_INFINITY;
  const underLoad = () => keeper.busy() || performance.now() - lastPokeAt < loadMemoryMs;
  const feedLoop = new ChangeFeedLoop(
    feed,
    handlers,
    logger.child({ part: "change-feed" }),
    500,
    linger > 0 ? { underLoad, pageSize: 50, restRatio: feedRestRatio, pageMs: feedPageMs } : undefined,
  );
  const timerLoop = new TimerLoop({ timers, queue, clock, logger: logger.child({ part: "timers" }) });
  const keeper = new KeeperLoop({
    db,
    queue,
    store,
    clock,
    logger: logger.child({ part: "keeper" }),
    onCommitted: () => feedLoop.poke(),
    ...(deps.faultBackoff ? { faultBackoff: deps.faultBackoff } : {}),
    lingerMs: linger,
    // `rsvp start`: commands queued by another process (`rsvp import`, `rsvp dlq replay`) cannot wake this loop;
    // an empty look at the queue costs microseconds, so it looks ten times a second instead of once.
    ...(linger > 0 ? { idlePollMs: otherProcessPollMs } : {}),
    // No requests for a while (an import from another process, a backlog after a restart): bigger batches.
    ...(linger > 0
      ? {
          backlogBatch: {
            size: backlogBatchSize,
            when: () => performance.now() - lastPokeAt >= loadMemoryMs,
          },
        }
      : {}),
  });
  const delivery = smtp
    ? new MailDeliveryLoop({
        outbox,
        transport: new SmtpDelivery(smtp),
        guests: store,
        clock,
        logger: logger.child({ part: "mail" }),
      })
    : null;
  feedLoop.start();
  keeper.start();
  timerLoop.start();
  delivery?.start();

  const quiet = () => queue.depth() === 0 && !handlers.some((h) => feed.behind(h.name));
  const idle = async () => {
    do {
      await keeper.idle();
      await feedLoop.idle();
    } while (!quiet());
    await delivery?.idle();
  };

  let stopping: Promise<void> | null = null;
  return {
    health: () => {
      const keeperFault = keeper.fault();
      if (keeperFault)
        return {
          ok: false,
          reason: `the keeper cannot apply commands: ${keeperFault.reason}`,
          since: keeperFault.since,
        };
      const feedFault = feedLoop.fault();
      if (feedFault)
        return {
          ok: false,
          reason: `changes are not delivered: ${feedFault.reason}`,
          since: feedFault.since,
        };
      return { ok: true };
    },
    poke: () => {
      lastPokeAt = performance.now();
      keeper.poke();
    },
    idle,
    tick: async () => {
      timerLoop.fireDue();
      await idle();
    },
    stop: () => {
      stopping ??= (async () => {
        await timerLoop.stop();
        await keeper.idle();
        await drainWithin(idle(), deps.stopDrainMs);
        await keeper.stop();
        await feedLoop.stop();
        await delivery?.stop();
      })();
      return stopping;
    },
  };
}
