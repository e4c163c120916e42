import type { Logger } from "pino";
import type { DeliveryProblems, Mailer } from "../core/mail-ports.ts";
import type {
  AuditLog,
  ChangeHandler,
  Clock,
  CommandQueue,
  GuestReader,
  LinkMinter,
  ThankYouDrafter,
  Timers,
} from "../core/ports.ts";
import type { CalendarSite } from "../mail/calendar.ts";
import type { ReplyAddressOf } from "../mail/reply-address.ts";
import { auditHandler } from "./audit-handler.ts";
import { messengerHandler } from "./messenger-handler.ts";
import { retentionHandler } from "./retention-handler.ts";
import { thanksHandler } from "./thanks-handler.ts";
import { timersHandler } from "./timers-handler.ts";
import { waitlistHandler } from "./waitlist-handler.ts";

/** A stream handler with its name: the embedded feed's checkpoint name, the AWS handler's name in its logs. */
export interface NamedChangeHandler {
  name: string;
  handle: ChangeHandler;
}

/** The ports the side effects of committed changes go through, whichever runtime provides them. */
export interface SideEffectPorts {
  audit: AuditLog;
  queue: CommandQueue;
  reader: GuestReader;
  timers: Timers;
  mailer: Mailer;
  links: LinkMinter;
  clock: Clock;
  /** The Reply-To of an event's guest emails (the email-reply lane's address); absent: none. */
  replyTo?: ReplyAddressOf;
  /** The mail domain and sender of calendar entries (mail/calendar.ts); absent: a placeholder domain. */
  calendar?: CalendarSite;
  /** The model that drafts the thank-you note (Bedrock); absent or null: the template writes it. */
  drafter?: ThankYouDrafter | null;
  /** Where a handler reports what it worked around (a model's draft replaced by the template). */
  logger?: Pick<Logger, "warn">;
  /** SES's bounces and complaints (AWS), rewritten when a guest's data is erased; absent: none kept apart. */
  problems?: Pick<DeliveryProblems, "forgetAddress">;
}

/** The handlers' names. Never rename one lightly: the embedded feed would deliver its whole history again. */
export const handlerNames = {
  audit: "audit",
  waitlist: "waitlist",
  timers: "timers",
  messenger: "messenger",
  thanks: "thanks",
  retention: "retention",
} as const;

/**
 * The stream handlers every committed change goes through, in the order both runtimes run them: the embedded
 * change feed (one checkpoint per name, so renaming one replays its history) and the DynamoDB Streams Lambda.
 * The audit trail comes first so a change is on record before anything acts on it.
 */
export function changeHandlers(ports: SideEffectPorts): NamedChangeHandler[] {
  const { audit, queue, reader, timers, mailer, links, clock, replyTo, calendar, drafter, logger, problems } =
    ports;
  return [
    { name: handlerNames.audit, handle: auditHandler(audit) },
    { name: handlerNames.waitlist, handle: waitlistHandler({ queue }) },
    { name: handlerNames.timers, handle: timersHandler({ reader, timers }) },
    {
      name: handlerNames.messenger,
      handle: messengerHandler({ reader, mailer, links, clock, replyTo, calendar, problems }),
    },
    {
      name: handlerNames.thanks,
      handle: thanksHandler({ reader, queue, clock, drafter: drafter ?? null, logger }),
    },
    { name: handlerNames.retention, handle: retentionHandler({ reader, queue }) },
  ];
}
