/**
 * The errors of the core and its ports, each with a fixed `name`. Expected business outcomes (full, duplicate,
 * expired) are values, not errors; these are what a caller must report: input a host must fix, or a port that
 * could not do its job. Callers recognise them by class.
 */

/** Errors a host can fix: the message says what to change. */
export class EventInputError extends Error {
  override readonly name = "EventInputError";
}

/** One command a command queue would not take, and why. */
export interface FailedCommand {
  eventId: string;
  commandId: string;
  code: string;
  message: string;
  /** The queue blamed the request (a bad entry) rather than itself (try again later). */
  senderFault: boolean;
}

/** Some commands could not be sent; `failed` names them. Commands of the same `send` not named went out. */
export class CommandQueueSendError extends Error {
  override readonly name = "CommandQueueSendError";
  readonly failed: FailedCommand[];

  /** `queue` names the queue in the message ("SQS"). */
  constructor(failed: FailedCommand[], queue = "the queue") {
    super(
      `${queue} did not take ${failed.length} command(s): ${failed
        .map((f) => `${f.eventId}/${f.commandId} (${f.code})`)
        .join(", ")}`,
    );
    this.failed = failed;
  }
}
