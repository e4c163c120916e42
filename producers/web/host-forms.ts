import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { HonoRequest } from "hono";
import * as z from "zod";
import { Id } from "../../contracts/common.ts";
import { HostMessage } from "../../contracts/event.ts";
import { HostQuestion } from "../../contracts/host-question.ts";
import { HostThankYouText, ThankYouMode, ThankYouNotes } from "../../contracts/thank-you.ts";
import { CapacityText, type HostAction } from "../host/host-commands.ts";
import { InvalidInputError, said, UnsupportedMediaTypeError } from "./errors.ts";
import { isFormType, isJsonType, mediaTypeOf } from "./negotiation.ts";
import { readFormBody, readUtf8Body, validated } from "./request-body.ts";

/**
 * The host page's forms: what each posts, validated against the contracts, and the command id a post is
 * sent under. The forms are plain HTML posts, so they work without script.
 */

/** The largest host form: a 10,000-character message, percent-encoded at 3 bytes per byte, fits. */
export const maxHostFormBytes = 256 * 1024;

/** The largest guest list upload: far more than 10,000 guests' names and addresses. */
export const maxImportBytes = 2 * 1024 * 1024;

const formIdMessage = "formId is missing or invalid: reload the host page and send the form again";

/** The id each rendered form carries in a hidden field (minted when the page is rendered). */
const FormId = z.string({ error: formIdMessage }).refine((s) => Id.safeParse(s).success, formIdMessage);

/** A field a form left out reads as empty, so the contract's own "must not be empty" message is what shows. */
const field = <T extends z.ZodType>(schema: T) => z.preprocess((v) => v ?? "", schema);

export const CapacityForm = z.object({ formId: FormId, capacity: field(CapacityText) });
export const MessageForm = z.object({
  formId: FormId,
  subject: field(HostMessage.shape.subject),
  body: field(HostMessage.shape.body),
});
/** The thank-you note's setting and the host's notes for it, before the event ends. */
export const ThanksSettingsForm = z.object({
  formId: FormId,
  mode: field(z.enum(ThankYouMode.options, { error: "choose when the note goes out: auto, approve or off" })),
  notes: field(ThankYouNotes),
});
/** The drafted note as the host approves it, edited or not. */
export const ApproveThanksForm = z.object({ formId: FormId, body: field(HostThankYouText) });
/** A form that is only a button (close, reopen, re-send a link). */
export const ButtonForm = z.object({ formId: FormId });
/**
 * A question about the guest list. It changes nothing, so it needs no form id: asking twice just asks twice.
 */
const AskForm = z.object({ question: field(HostQuestion) });

/** The largest question form: a 500-character question, percent-encoded, with room to spare. */
export const maxAskFormBytes = 16 * 1024;

/** Reads a question: a form post from the host page, or `{"question": "…"}` from a program (answered in JSON). */
export async function readAskBody(req: HonoRequest): Promise<z.output<typeof AskForm>> {
  if (!isJsonType(mediaTypeOf(req.header("content-type")))) return readHostForm(req, AskForm);
  const text = await readUtf8Body(req);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidInputError(said("host.questionNotJson"));
  }
  return validated(AskForm, typeof value === "object" && value !== null ? value : {}, "question");
}

/**
 * The command id a form post is sent under: derived from the rendered form's id AND what it asks for. The same
 * form sent twice with the same values (a double click, a reload that re-posts) names the same command, which
 * the queue and the keeper drop; a form sent again with other values (back, edit, send) is a new request,
 * which a bare form id would silently swallow.
 */
export function formCommandId(formId: string, action: HostAction): string {
  const digest = createHash("sha256")
    .update(JSON.stringify([formId, action]))
    .digest("base64url");
  return `h-${digest.slice(0, 32)}`;
}

/**
 * A form id as a host page issues it: a fresh nonce and a MAC of it under the host token, so a post can only
 * carry an id that a page of this host link handed out (another site can neither read one nor mint one).
 * The host token is the key: whoever holds it is the host already.
 */
export function issueFormId(hostToken: string, nonce: string): string {
  return `${nonce}_${formIdMac(hostToken, nonce)}`;
}

const formMacLength = 22;

function formIdMac(hostToken: string, nonce: string): string {
  return createHmac("sha256", hostToken).update(`form\n${nonce}`).digest("base64url").slice(0, formMacLength);
}

/** Whether a posted form id is one that `issueFormId` made for this host token. */
export function isIssuedFormId(hostToken: string, formId: string): boolean {
  const nonce = formId.slice(0, -(formMacLength + 1));
  if (nonce.length === 0 || formId.charAt(nonce.length) !== "_") return false;
  const expected = Buffer.from(formIdMac(hostToken, nonce));
  const given = Buffer.from(formId.slice(-formMacLength));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Reads a host form post and validates it; a WebError naming each problem otherwise. */
export async function readHostForm<T extends z.ZodType>(
  req: HonoRequest,
  schema: T,
  names: Record<string, string> = {},
): Promise<z.output<T>> {
  return validated(schema, await readFormFields(req), "form", names);
}

/** An uploaded or pasted guest list. */
export interface ImportUpload {
  /** The file's bytes, or the pasted text as UTF-8: the import's command ids derive from them. */
  file: Uint8Array;
  preConfirmed: boolean;
}

/** Reads the import form: a CSV file or pasted text (exactly one), and the pre-confirmed checkbox. */
export async function readImportForm(req: HonoRequest): Promise<ImportUpload> {
  const fields = await readFormFields(req);
  const file = fields.file instanceof File && fields.file.size > 0 ? fields.file : null;
  const text = typeof fields.text === "string" && fields.text.trim() !== "" ? fields.text : null;
  const preConfirmed = fields.preConfirmed !== undefined && fields.preConfirmed !== "";
  if (file && text) throw new InvalidInputError(said("host.fileAndText"));
  if (file) return { file: new Uint8Array(await file.arrayBuffer()), preConfirmed };
  if (text) return { file: new TextEncoder().encode(text), preConfirmed };
  throw new InvalidInputError(said("host.noList"));
}

const hostFormHint = said("host.formHint");

async function readFormFields(req: HonoRequest): Promise<Record<string, unknown>> {
  const type = mediaTypeOf(req.header("content-type"));
  if (!isFormType(type))
    throw new UnsupportedMediaTypeError(
      type === "" ? said("host.formNoType") : said("host.formType", { type }),
      undefined,
      { hint: hostFormHint },
    );
  return readFormBody(req, said("host.formUnreadable"), hostFormHint);
}
