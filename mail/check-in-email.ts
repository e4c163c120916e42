import type { OutgoingEmail } from "../core/mail-ports.ts";
import { translator } from "../i18n/index.ts";
import { qrPng } from "./check-in-qr.ts";
import type { Action, CheckInBlock } from "./email-layout.ts";
import { type GuestEmailInput, link } from "./guest-email-parts.ts";

/** The Content-ID of the check-in QR in an email (`<img src="cid:…">`). */
export const checkInCid = "checkin@rsvp";

/**
 * What a confirmation and a reminder add for the door (docs/door.md): the check-in block and its QR image as an
 * inline PNG attachment. Nothing when the link minter makes no codes (a runtime without keys) or the guest holds no seat.
 */
export function checkInParts(input: GuestEmailInput): {
  checkIn?: CheckInBlock;
  attachments: OutgoingEmail["attachments"];
} {
  const { event, guest, links } = input;
  if (guest.status !== "confirmed" || !links.checkInCode) return { attachments: [] };
  const { code, short } = links.checkInCode(event.eventId, guest.guestId);
  const t = translator(event.details.language);
  return {
    checkIn: {
      label: t("door.code.label"),
      code: short,
      note: t("door.code.show"),
      alt: t("door.code.alt", { code: short }),
      cid: checkInCid,
    },
    attachments: [
      {
        filename: "check-in.png",
        contentType: "image/png",
        content: qrPng(code).toString("base64"),
        encoding: "base64",
        cid: checkInCid,
      },
    ],
  };
}

/**
 * "Change your answers": the guest's signed link to their answers form (the manage page's), for an event that
 * asks questions; in the confirmation and the reminders. Nothing when the event asks none.
 */
export function answersLink(input: GuestEmailInput): Action[] {
  if (input.event.settings.questions.length === 0) return [];
  return [link(input, "answers", translator(input.event.details.language)("door.mail.changeAnswers"))];
}
