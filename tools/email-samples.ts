/**
 * Renders one sample of each email a guest gets (confirmation, waitlist, offer, reminder, cancellation, host
 * message, lapsed offer; English, and the confirmation in German too) to HTML and text files, and with `--screenshots`
 * photographs each HTML file at 390 px and 1280 px, light and dark, with Debian's chromium through
 * playwright-core. For looking at the emails while changing them; not part of the product.
 *
 *   npx node tools/email-samples.ts OUT_DIR [--screenshots]
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { EventRecord } from "../contracts/event.ts";
import type { GuestRecord, GuestStatus } from "../contracts/guest.ts";
import { signedLinkMinter } from "../core/link-minter.ts";
import type { OutgoingEmail } from "../core/mail-ports.ts";
import { requestDeclinedEmail, requestedEmail } from "../mail/approval-emails.ts";
import { hostMessageEmail } from "../mail/host-emails.ts";
import {
  cancelledEmail,
  confirmedEmail,
  offeredEmail,
  offerLapsedEmail,
  reminderEmail,
  waitlistedEmail,
} from "../mail/messages.ts";
import { reconfirmEmail } from "../mail/reconfirm-email.ts";
import { releasedEmail } from "../mail/released-email.ts";
import { launchChromium } from "../test/helpers/chromium.ts";
import { guestOf } from "../test/helpers/guest-fixtures.ts";

const [out = "email-samples", ...flags] = process.argv.slice(2);
const now = new Date("2026-12-20T10:00:00.000Z");
const links = signedLinkMinter({
  keyring: () => ({
    current: { kid: "sample", secret: randomBytes(32).toString("base64url") },
    previous: [],
  }),
  baseUrl: () => "https://rsvp.example.org",
  clock: { now: () => now },
});

/** The runtimes' minter, which also makes check-in codes: for the emails that carry one. */
const doorLinks = signedLinkMinter({
  keyring: () => ({
    current: { kid: "sample", secret: randomBytes(32).toString("base64url") },
    previous: [],
  }),
  baseUrl: () => "https://rsvp.example.org",
  clock: { now: () => now },
  checkInCodes: true,
});

const event = (language: "en" | "de") =>
  EventRecord.parse({
    eventId: "ev-winter",
    name: language === "de" ? "Anas Winterfest" : "Ana's Winter Party",
    startsAt: "2026-12-24T18:00:00.000Z",
    endsAt: "2026-12-24T22:00:00.000Z",
    timeZone: "Europe/Berlin",
    capacity: 40,
    confirmed: 40,
    offered: 0,
    waitlisted: 3,
    nextWaitlistSeq: 4,
    registrationOpen: true,
    version: 1,
    hostTokenHash: "0".repeat(64),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    lastChange: {
      commandId: "cmd-9",
      lane: "host",
      at: now.toISOString(),
      action: "message-guests",
      message: { subject: "Parking", body: "See the email." },
    },
    details: {
      location: {
        place: "Café Lima",
        address: "Hauptstraße 1\n10115 Berlin",
        onlineUrl: "https://meet.example.org/winter-party",
      },
      hostName: "Ana Lima",
      hostReplyTo: "ana@example.org",
      language,
    },
  });

/** Bo Weber at `status`, a guest of `e`; a cancelled one cancelled a confirmed seat. */
const guest = (e: EventRecord, status: GuestStatus, patch: Partial<GuestRecord> = {}): GuestRecord =>
  guestOf(
    e,
    status,
    { name: "Bo Weber", ...patch },
    {
      at: now,
      change: status === "cancelled" ? { action: "cancel", from: "confirmed" } : {},
    },
  );

const input = (e: EventRecord, g: GuestRecord) => ({
  event: e,
  guest: g,
  links,
  key: "sample",
  // The guest's reply address, as signedReplyAddresses mints it (a fixed one here).
  replyTo: () => "rsvp+ev-winter@rsvp.example.org",
});
const en = event("en");
const withApproval = (language: "en" | "de") =>
  EventRecord.parse({ ...event(language), settings: { approval: true } });
const withReconfirm = (language: "en" | "de") =>
  EventRecord.parse({
    ...event(language),
    settings: { reconfirm: { daysBefore: 2, onNoAnswer: "release", answerHours: 24 } },
  });
/** Bo's seat, released by the reconfirm deadline's timer. */
const released = (language: "en" | "de") =>
  guestOf(
    withReconfirm(language),
    "cancelled",
    { name: "Bo Weber" },
    { at: now, change: { action: "cancel", from: "confirmed", lane: "timer" } },
  );
const offer = {
  offeredAt: now.toISOString(),
  deliverAt: now.toISOString(),
  expiresAt: "2026-12-20T16:00:00.000Z",
};
/** An event with questions, and a guest's input with check-in codes (docs/door.md). */
const withQuestions = (language: "en" | "de") =>
  EventRecord.parse({
    ...event(language),
    settings: {
      questions: [{ id: "diet", label: "Dietary needs", kind: "one-of", options: ["None", "Vegetarian"] }],
    },
  });
const doorInput = (e: EventRecord) => ({ ...input(e, guest(e, "confirmed")), links: doorLinks });
const samples: Record<string, OutgoingEmail> = {
  confirmation: confirmedEmail(input(en, guest(en, "confirmed"))),
  waitlisted: waitlistedEmail({ ...input(en, guest(en, "waitlisted")), position: 3 }),
  offer: offeredEmail(input(en, guest(en, "offered", { offer }))),
  // A party's offer speaks of all its seats ("Claim our seats").
  "offer-party": offeredEmail(input(en, guest(en, "offered", { offer, party: 3 }))),
  "offer-party-de": offeredEmail(input(event("de"), guest(event("de"), "offered", { offer, party: 3 }))),
  reminder: reminderEmail({ ...input(en, guest(en, "confirmed")), kind: "morning" }),
  cancellation: cancelledEmail(input(en, guest(en, "cancelled"))),
  lapsed: offerLapsedEmail(input(en, guest(en, "lapsed", { offer }))),
  "host-message": hostMessageEmail({
    ...input(en, guest(en, "confirmed")),
    message: {
      subject: "Parking",
      body: "Hi all!\n\nThe car park behind the café is free after 18:00. Bring something warm: we light the fire pit at 21:00.",
    },
  }),
  "confirmation-de": confirmedEmail(input(event("de"), guest(event("de"), "confirmed"))),
  // The door (docs/door.md): the check-in code in the reminder too, and the answers link.
  "confirmation-door": confirmedEmail(doorInput(withQuestions("en"))),
  "reminder-door": reminderEmail({ ...doorInput(withQuestions("en")), kind: "day" }),
  "reminder-door-de": reminderEmail({ ...doorInput(withQuestions("de")), kind: "day" }),
  // Approval mode (docs/approval.md): the place is kept back until the host approves.
  request: requestedEmail(input(withApproval("en"), guest(withApproval("en"), "requested"))),
  "request-de": requestedEmail(input(withApproval("de"), guest(withApproval("de"), "requested"))),
  // Reconfirm (docs/reconfirm.md): the ask, and the email of a guest whose seat was released at the deadline.
  reconfirm: reconfirmEmail(input(withReconfirm("en"), guest(withReconfirm("en"), "confirmed"))),
  "reconfirm-de": reconfirmEmail(input(withReconfirm("de"), guest(withReconfirm("de"), "confirmed"))),
  released: releasedEmail(input(withReconfirm("en"), released("en"))),
  "released-de": releasedEmail(input(withReconfirm("de"), released("de"))),
  "request-declined": requestDeclinedEmail(
    input(
      withApproval("en"),
      guestOf(
        withApproval("en"),
        "cancelled",
        { name: "Bo Weber" },
        {
          at: now,
          change: { action: "decline-request", from: "requested" },
        },
      ),
    ),
  ),
};

mkdirSync(out, { recursive: true });
for (const [name, email] of Object.entries(samples)) {
  // An inline image (the check-in QR) as a mail client shows it: its cid: reference resolved to the attachment.
  const html = email.attachments.reduce(
    (page, a) =>
      a.cid ? page.replaceAll(`cid:${a.cid}`, `data:${a.contentType};base64,${a.content}`) : page,
    email.html,
  );
  writeFileSync(join(out, `${name}.html`), html);
  writeFileSync(
    join(out, `${name}.txt`),
    `From: ${email.fromName}\nReply-To: ${email.headers["Reply-To"] ?? "-"}\nSubject: ${email.subject}\n\n${email.text}`,
  );
}

if (flags.includes("--screenshots")) {
  const browser = await launchChromium();
  try {
    for (const name of Object.keys(samples))
      for (const width of [390, 1280])
        for (const colorScheme of ["light", "dark"] as const) {
          const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme });
          await page.goto(`file://${resolve(out, `${name}.html`)}`);
          await page.screenshot({ path: join(out, `${name}-${width}-${colorScheme}.png`), fullPage: true });
          await page.close();
        }
  } finally {
    await browser.close();
  }
}
console.log(`wrote ${Object.keys(samples).length} samples to ${out}`);
