import { Accent, defaultAccent } from "../../contracts/accent.ts";
import { EventDetails, EventLocation, WebUrl } from "../../contracts/event.ts";
import { Language } from "../../contracts/language.ts";
import type { EventFormErrors, EventFormField, EventFormValues } from "./admin-forms.ts";

/**
 * The event form's details (what guests are told: description, place, address, online link, host, language,
 * colour), read from the typed values, with one message key per wrong field (admin-forms.ts reads the rest).
 */

const ticked = (value: string) => value !== "";

export function detailsOf(v: EventFormValues, errors: EventFormErrors): EventDetails | null {
  const optional = (text: string) => (text.trim() === "" ? undefined : text.trim());
  const location = EventLocation.shape;
  if (!EventDetails.shape.description.safeParse(v.description).success) errors.description = "description";
  if (!location.place.safeParse(v.place).success) errors.place = "place";
  if (!location.address.safeParse(v.address).success) errors.address = "address";
  const onlineUrl = optional(v.onlineUrl);
  if (onlineUrl !== undefined && !WebUrl.safeParse(onlineUrl).success) errors.onlineUrl = "onlineUrl";
  if (!EventDetails.shape.hostName.safeParse(v.hostName).success) errors.hostName = "hostName";
  const language = Language.safeParse(v.language);
  if (!language.success) errors.language = "language";
  const accent = Accent.safeParse(v.accent || defaultAccent);
  if (!accent.success) errors.accent = "accent.error";
  if (Object.keys(errors).some((k) => detailFields.has(k as EventFormField))) return null;
  return {
    // Line endings as a browser sends them (CRLF) are kept as plain newlines.
    description: v.description.replace(/\r\n?/g, "\n").trim(),
    location: {
      place: optional(v.place),
      address: optional(v.address.replace(/\r\n?/g, "\n")),
      onlineUrl,
      onlineUrlConfirmedOnly: ticked(v.onlineUrlConfirmedOnly),
    },
    hostName: optional(v.hostName),
    language: language.success ? language.data : "en",
    ...(accent.success && accent.data !== defaultAccent ? { accent: accent.data } : {}),
  };
}

const detailFields = new Set<EventFormField>([
  "description",
  "place",
  "address",
  "onlineUrl",
  "hostName",
  "language",
  "accent",
]);
