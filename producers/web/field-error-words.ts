import type { Translate } from "./event-view.ts";

/**
 * The words a person's form says for a field the contract refused (contracts/common.ts's English messages,
 * which a JSON answer keeps for programs): in the plain voice DESIGN.md asks for, saying what to do ("Enter
 * your email address in the right format, like ana@example.org"), in the page's language. A message the
 * catalog has no words for is shown as the contract says it.
 */
const fieldErrorKeys: Record<string, string> = {
  "name is required": "nameRequired",
  "name must be text": "nameNotText",
  "name must be a single line without control characters": "nameSingleLine",
  "name must not be empty": "nameEmpty",
  "name must be at most 200 characters": "nameTooLong",
  "email is required": "emailRequired",
  "email must be text": "emailNotText",
  "email must be a single line without control characters": "emailSingleLine",
  "email must be at most 254 characters": "emailTooLong",
  "email must be a valid address like ana@example.org": "emailInvalid",
};

/** A contract's English message about a name or email field, as a person's form says it. */
export function fieldErrorWords(message: string, t: Translate): string {
  const key = fieldErrorKeys[message];
  return key ? t(`pages.register.fieldErrors.${key}`) : message;
}
