import type { HonoRequest, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import * as z from "zod";
import { RegisterBody } from "../../contracts/http.ts";
import { webErrors } from "../../i18n/en/web-errors.ts";
import { translator } from "../../i18n/index.ts";
import {
  InvalidInputError,
  PayloadTooLargeError,
  type Said,
  said,
  sayIn,
  UnsupportedMediaTypeError,
} from "./errors.ts";
import { isFormType, isJsonType, mediaTypeOf } from "./negotiation.ts";

/** The largest body a registration may have; a name and an address fit many times over. */
export const maxBodyBytes = 64 * 1024;

/**
 * Middleware that refuses a body larger than `maxSize` bytes before it is read, as a 413 saying `message`
 * (and `hint`, when the usual advice for a large body does not fit the form it came from).
 */
export const limitBody = (
  maxSize: number,
  message: Said | string,
  hint?: Said | string,
): MiddlewareHandler => {
  const tooLarge = () => {
    throw new PayloadTooLargeError(message, undefined, { hint });
  };
  const streamed = bodyLimit({ maxSize, onError: tooLarge });
  return async (c, next) => {
    // A declared length is the body's length (the HTTP parser frames the body by it), so it is checked without
    // touching the body. Hono's bodyLimit asks for `req.raw.body` first, which makes @hono/node-server build
    // a whole web Request and stream for what it otherwise reads straight from the socket: a tenth of a
    // registration's time under a rush. A body without a length (chunked) is counted as it streams.
    const length = c.req.header("content-length");
    if (length !== undefined && /^\d+$/.test(length) && c.req.header("transfer-encoding") === undefined) {
      if (Number(length) > maxSize) tooLarge();
      return next();
    }
    return streamed(c, next);
  };
};

const accepted = "application/x-www-form-urlencoded, multipart/form-data or application/json";

/**
 * Reads a registration from a form post or a JSON body and validates it against the contract.
 * Throws a WebError naming the problem: wrong content type, unreadable body, or which fields are wrong and why.
 */
export async function readRegisterBody(req: HonoRequest): Promise<RegisterBody> {
  const type = mediaTypeOf(req.header("content-type"));
  let input: unknown;
  if (isJsonType(type)) input = await readJson(req);
  else if (isFormType(type)) input = await readForm(req);
  else
    throw new UnsupportedMediaTypeError(
      type === "" ? said("registrationNoType", { accepted }) : said("registrationType", { type, accepted }),
    );
  return validated(RegisterBody, input, "registration");
}

/** A register form as posted: valid, or the typed values with one problem per field. */
export type RegisterFormResult =
  | { ok: true; body: RegisterBody; fields: Record<string, unknown> }
  | {
      ok: false;
      fields: Record<string, unknown>;
      values: { name: string; email: string };
      errors: { field: "name" | "email"; issue: z.core.$ZodIssue }[];
    };

/**
 * Reads a register form post (a person's browser) so that a field's problem can be shown beside the field:
 * the typed values (text only) and each field's first problem. A body that cannot be read at all still throws.
 */
export async function readRegisterForm(req: HonoRequest): Promise<RegisterFormResult> {
  const input = (await readForm(req)) as Record<string, unknown>;
  const parsed = RegisterBody.safeParse(input);
  if (parsed.success) return { ok: true, body: parsed.data, fields: input };
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  const errors: { field: "name" | "email"; issue: z.core.$ZodIssue }[] = [];
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if ((field === "name" || field === "email") && !errors.some((e) => e.field === field))
      errors.push({ field, issue });
  }
  return { ok: false, fields: input, values: { name: text(input.name), email: text(input.email) }, errors };
}

async function readJson(req: HonoRequest): Promise<unknown> {
  const text = await readUtf8Body(req);
  if (text.trim() === "") throw new InvalidInputError(said("bodyEmpty"));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidInputError(said("bodyNotJson"));
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new InvalidInputError(said("bodyNotObject"));
  return value;
}

async function readForm(req: HonoRequest): Promise<unknown> {
  return readFormBody(req, said("registrationUnreadable"));
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The body as text. Bytes that are not UTF-8 are refused: a lenient decoder would turn them into U+FFFD, and
 * that is what would be stored.
 */
export async function readUtf8Body(req: HonoRequest, hint?: Said | string): Promise<string> {
  const bytes = await req.arrayBuffer();
  try {
    return utf8.decode(bytes);
  } catch {
    throw new InvalidInputError(said("notUtf8Body"), undefined, { hint });
  }
}

/**
 * The fields of a form post (the last value of a repeated field, as Hono reads them). A URL-encoded form is
 * decoded here, strictly: a field whose bytes are not UTF-8 is refused by name. A multipart form is read by
 * Hono, which decodes text fields leniently; what it leaves of bad bytes (U+FFFD) the contracts refuse.
 * `unreadable`: what to say when the body cannot be read as a form at all.
 */
export async function readFormBody(
  req: HonoRequest,
  unreadable: Said | string,
  hint?: Said | string,
): Promise<Record<string, string | File>> {
  if (mediaTypeOf(req.header("content-type")) === "application/x-www-form-urlencoded") {
    const fields: Record<string, string> = {};
    for (const pair of (await readUtf8Body(req, hint)).split("&")) {
      if (pair === "") continue;
      const eq = pair.indexOf("=");
      const name = formDecoded(eq < 0 ? pair : pair.slice(0, eq));
      if (name === null) throw new InvalidInputError(said("notUtf8Name"), undefined, { hint });
      const value = formDecoded(eq < 0 ? "" : pair.slice(eq + 1));
      if (value === null) throw new InvalidInputError(said("notUtf8Field", { name }), undefined, { hint });
      fields[name] = value;
    }
    return fields;
  }
  try {
    return (await req.parseBody()) as Record<string, string | File>;
  } catch {
    // A multipart body without a boundary, or cut short: the form cannot be read at all.
    throw new InvalidInputError(unreadable, undefined, { hint });
  }
}

/**
 * One name or value of a URL-encoded form (`+` is a space, `%XX` a byte), or null when its bytes are not UTF-8.
 * A `%` not followed by two hex digits stands for itself, as browsers and URLSearchParams read it.
 */
function formDecoded(s: string): string | null {
  try {
    return decodeURIComponent(s.replaceAll("+", " ").replace(/%(?![0-9a-fA-F]{2})/g, "%25"));
  } catch {
    return null;
  }
}

/**
 * The input as `schema` reads it; an InvalidInputError saying `what` is not valid, and why, otherwise. A page
 * says each field's problem in its language (`issueSaid`); JSON keeps the contract's exact English lines.
 * `names`: a field's name in the catalog when it differs from the form's (`body` of a note → `note`).
 */
export function validated<T extends z.ZodType>(
  schema: T,
  input: unknown,
  what: keyof typeof webErrors.what,
  names: Record<string, string> = {},
): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = issueLines(parsed.error);
  const spoken = parsed.error.issues.map((issue) => issueSaid(issue, names));
  const whatSaid = said(`what.${what}`);
  const message = `${sayIn(english, whatSaid)} is not valid: ${issues.join("; ")}`;
  throw new InvalidInputError(said("invalid", { what: whatSaid, issues: spoken }), spoken, {
    english: { message, issues },
  });
}

const english = translator("en");

/**
 * One field's problem as a catalog sentence, chosen by field and zod issue code: the field's own words
 * (`byField.<field>.<code>`, then `.any`), else the code's sentence naming the field. A field the catalog does
 * not know keeps the contract's English line.
 */
export function issueSaid(issue: z.core.$ZodIssue, names: Record<string, string> = {}): Said {
  const path = String(issue.path[0] ?? "");
  const field = names[path] ?? path;
  // The contracts say "is required" for a missing field and "must be text" for another type: both invalid_type.
  const { code, maximum } = kindOf(issue);
  const own = (webErrors.byField as Record<string, Record<string, string> | undefined>)[field];
  if (own?.[code] !== undefined) return said(`byField.${field}.${code}`);
  if (own?.any !== undefined) return said(`byField.${field}.any`);
  if (field in webErrors.fieldNames && code in webErrors.issues) {
    return said(`issues.${code}`, { field: said(`fieldNames.${field}`), maximum });
  }
  return said("line", { text: issueLines(new z.ZodError([issue]))[0] ?? issue.message });
}

/**
 * An issue's kind for the catalog: its zod code, except that the contracts say "is required" for a missing
 * field (invalid_type too), and some limits are refinements (custom) whose words name them.
 */
function kindOf(issue: z.core.$ZodIssue): { code: string; maximum: number } {
  const maximum = "maximum" in issue ? Number(issue.maximum) : 0;
  if (issue.code === "invalid_type" && issue.message.endsWith("is required"))
    return { code: "required", maximum };
  if (issue.code !== "custom") return { code: issue.code, maximum };
  const limit = /must be at most ([\d,]+) characters/.exec(issue.message);
  if (limit?.[1]) return { code: "too_big", maximum: Number(limit[1].replaceAll(",", "")) };
  if (issue.message.endsWith("must not be empty")) return { code: "too_small", maximum };
  return { code: customKind(issue.message), maximum };
}

/** Which of contracts/common.ts `textProblem`'s refusals a custom issue is (its words name it). */
function customKind(message: string): string {
  if (message.includes("placeholder")) return "custom_placeholder";
  if (message.includes("broken character")) return "custom_broken";
  if (message.includes("replacement character")) return "custom_replacement";
  if (message.includes("text-direction")) return "custom_bidi";
  if (message.includes("single line")) return "custom_line";
  if (message.includes("plain text without control")) return "custom_text";
  return "custom";
}

/** One line per problem, each naming its field ("email must be a valid address like …"). */
function issueLines(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const field = issue.path.join(".");
    return field === "" || issue.message.startsWith(field) ? issue.message : `${field}: ${issue.message}`;
  });
}
