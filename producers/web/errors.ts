import type { Translate } from "../../i18n/index.ts";
import { translator } from "../../i18n/index.ts";

/**
 * A sentence from the catalogs (`webErrors.<key>`) with what it interpolates: a refusal's words, said in the
 * page's language when a person reads it. A parameter may itself be a `Said` (translated first) or a list of
 * them (joined with "; ").
 */
export interface Said {
  readonly key: string;
  readonly params?: Readonly<Record<string, SaidParam>>;
}
export type SaidParam = string | number | Said | readonly Said[];

/** `said("noEvent")`, `said("partyMax", { max: 4 })`. */
export const said = (key: string, params?: Record<string, SaidParam>): Said =>
  params ? { key, params } : { key };

const isSaid = (v: unknown): v is Said => typeof v === "object" && v !== null && "key" in v;

/** A `Said` in one language. */
export function sayIn(t: Translate, s: Said): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(s.params ?? {}))
    params[name] = isSaid(value)
      ? sayIn(t, value)
      : Array.isArray(value)
        ? value.map((v: Said) => sayIn(t, v)).join("; ")
        : (value as string | number);
  return t(`webErrors.${s.key}`, params);
}

const english = translator("en");
const text = (s: string | Said) => (typeof s === "string" ? s : sayIn(english, s));

/**
 * What the HTTP surface refuses, each with a message a person can act on. Routes throw these; `app.onError`
 * is the one place that maps them to status codes and renders them (JSON or a page).
 */
abstract class WebErrorBase extends Error {
  /** One line per problem, e.g. one per invalid field (English, for JSON and logs). */
  readonly issues: readonly string[] | undefined;
  /** What the reader can do, when the usual advice for this kind of refusal does not fit (a host's upload). */
  readonly hint: string | undefined;
  /** When asking again makes sense, in seconds (the Retry-After of a 429 or 503). */
  readonly retryAfterSeconds: number | undefined;
  /** The message, issues and hint as catalog sentences, so a page says them in its language. */
  readonly said: { message: Said | null; issues: readonly (Said | string)[] | undefined; hint: Said | null };

  /**
   * `message`, `issues` and `hint` are catalog sentences (`said(...)`), so a page says them in the event's
   * language; `message` and `issues` keep their English words for JSON answers and logs.
   */
  constructor(
    message: Said | string,
    issues?: readonly (Said | string)[],
    options: {
      hint?: Said | string;
      retryAfterSeconds?: number;
      cause?: unknown;
      /** The exact English words, when they say more than the catalog's (a contract's own field messages). */
      english?: { message: string; issues: readonly string[] };
    } = {},
  ) {
    super(
      options.english?.message ?? text(message),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.issues = options.english?.issues ?? issues?.map(text);
    this.hint = options.hint === undefined ? undefined : text(options.hint);
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.said = {
      message: typeof message === "string" ? null : message,
      issues,
      hint: options.hint === undefined || typeof options.hint === "string" ? null : options.hint,
    };
  }

  /** What a page says, in its language: a sentence the catalog has, else the English words as they are. */
  in(t: Translate): { message: string; issues: string[] | undefined; hint: string | undefined } {
    return {
      message: this.said.message ? sayIn(t, this.said.message) : this.message,
      issues: this.said.issues?.map((i) => (typeof i === "string" ? i : sayIn(t, i))),
      hint: this.said.hint ? sayIn(t, this.said.hint) : this.hint,
    };
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
