import type { HonoRequest } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { z } from "zod";
import { RegisterBody } from "../../contracts/http.ts";
import { InvalidInputError, PayloadTooLargeError, UnsupportedMediaTypeError } from "./errors.ts";
import { isFormType, isJsonType, mediaTypeOf } from "./negotiation.ts";

/** The largest body a registration may have; a name and an address fit many times over. */
export const maxBodyBytes = 64 * 1024;

/**
 * Middleware that refuses a body larger than `maxSize` bytes before it is read, as a 413 saying `message`
 * (and `hint`, when the usual advice for a large body does not fit the form it came from).
 */
export const limitBody = (maxSize: number, message: string, hint?: string) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new PayloadTooLargeError(message, undefined, { hint });
    },
  });

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
      type === ""
        ? `the request has no Content-Type; send the registration as ${accepted}`
        : `${type} is not accepted; send the registration as ${accepted}`,
    );
  return validated(RegisterBody, input, "the registration");
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
  if (text.trim() === "") throw new InvalidInputError('the body is empty; send {"name": "…", "email": "…"}');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidInputError('body is not valid JSON; send {"name": "…", "email": "…"}');
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new InvalidInputError('body must be a JSON object like {"name": "…", "email": "…"}');
  return value;
}

async function readForm(req: HonoRequest): Promise<unknown> {
  return readFormBody(req, "the form data could not be read; send the fields name and email");
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

const notUtf8 =
  "is not valid UTF-8 text; send it encoded as UTF-8 (a browser does so for a page that declares charset=utf-8)";

/**
 * The body as text. Bytes that are not UTF-8 are refused: a lenient decoder would turn them into U+FFFD, and
 * that is what would be stored.
 */
export async function readUtf8Body(req: HonoRequest, hint?: string): Promise<string> {
  const bytes = await req.arrayBuffer();
  try {
    return utf8.decode(bytes);
  } catch {
    throw new InvalidInputError(`the body ${notUtf8}`, undefined, { hint });
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
  unreadable: string,
  hint?: string,
): Promise<Record<string, string | File>> {
  if (mediaTypeOf(req.header("content-type")) === "application/x-www-form-urlencoded") {
    const fields: Record<string, string> = {};
    for (const pair of (await readUtf8Body(req, hint)).split("&")) {
      if (pair === "") continue;
      const eq = pair.indexOf("=");
      const name = formDecoded(eq < 0 ? pair : pair.slice(0, eq));
      if (name === null) throw new InvalidInputError(`a field name ${notUtf8}`, undefined, { hint });
      const value = formDecoded(eq < 0 ? "" : pair.slice(eq + 1));
      if (value === null) throw new InvalidInputError(`the field ${name} ${notUtf8}`, undefined, { hint });
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

/** The input as `schema` reads it; an InvalidInputError saying `what` is not valid, and why, otherwise. */
export function validated<T extends z.ZodType>(schema: T, input: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = issueLines(parsed.error);
  throw new InvalidInputError(`${what} is not valid: ${issues.join("; ")}`, issues);
}

/** One line per problem, each naming its field ("email must be a valid address like …"). */
function issueLines(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const field = issue.path.join(".");
    return field === "" || issue.message.startsWith(field) ? issue.message : `${field}: ${issue.message}`;
  });
}
