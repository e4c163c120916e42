/**
 * What the HTTP surface refuses, each with a message a person can act on. Routes throw these; `app.onError`
 * is the one place that maps them to status codes and renders them (JSON or a page).
 */
abstract class WebErrorBase extends Error {
  /** One line per problem, e.g. one per invalid field. */
  readonly issues: readonly string[] | undefined;
  /** What the reader can do, when the usual advice for this kind of refusal does not fit (a host's upload). */
  readonly hint: string | undefined;
  /** When asking again makes sense, in seconds (the Retry-After of a 429 or 503). */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    message: string,
    issues?: readonly string[],
    options: { hint?: string; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.issues = issues;
    this.hint = options.hint;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** The body cannot be read as what its content type claims, or its fields are missing or invalid. */
export class InvalidInputError extends WebErrorBase {
  override readonly name = "InvalidInputError";
}

/** Nothing answers to this address: an unknown event, host link, status link or page. */
export class NotFoundError extends WebErrorBase {
  override readonly name = "NotFoundError";
}

/** The event takes no registrations now (closed by the host, or already started). */
export class RegistrationClosedError extends WebErrorBase {
  override readonly name = "RegistrationClosedError";
}

/** The request may not do this: a form sent from another site, an admin action without signing in. */
export class ForbiddenError extends WebErrorBase {
  override readonly name = "ForbiddenError";
}

export class PayloadTooLargeError extends WebErrorBase {
  override readonly name = "PayloadTooLargeError";
}

export class UnsupportedMediaTypeError extends WebErrorBase {
  override readonly name = "UnsupportedMediaTypeError";
}

/** The client sent more requests than its address may (see rate-limit.ts). */
export class TooManyRequestsError extends WebErrorBase {
  override readonly name = "TooManyRequestsError";
}

/** We cannot take the request now (the queue cannot take a write, the background is down); ask again later. */
export class ServiceUnavailableError extends WebErrorBase {
  override readonly name = "ServiceUnavailableError";
}

/** A signed link whose time is over: the person needs a newer email or the host. */
export class LinkExpiredError extends WebErrorBase {
  override readonly name = "LinkExpiredError";
}

/**
 * A signed link that is not right as presented: damaged, edited, signed with a key we do not hold (a retired key
 * and a forged key id look the same), or opened on another step's address.
 */
export class BadLinkError extends WebErrorBase {
  override readonly name = "BadLinkError";
}

export type WebError =
  | InvalidInputError
  | NotFoundError
  | LinkExpiredError
  | BadLinkError
  | RegistrationClosedError
  | ForbiddenError
  | PayloadTooLargeError
  | UnsupportedMediaTypeError
  | TooManyRequestsError
  | ServiceUnavailableError;

export function isWebError(error: unknown): error is WebError {
  return error instanceof WebErrorBase;
}
