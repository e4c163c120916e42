/**
 * Calendar replies (iTIP, RFC 5546): answering our invitation's calendar entry in Outlook, Apple Calendar or
 * Google Calendar sends a text/calendar part with METHOD:REPLY whose ATTENDEE line carries the answer.
 */
import { emailKey } from "../../contracts/common.ts";

export interface CalendarReply {
  /** The sender's participation status: ACCEPTED, DECLINED, TENTATIVE, … */
  partstat: string;
  /** The entry's UID; ours are `EVENTID.GUESTID@mail-domain` (once `…@rsvp`), which names the event. */
  uid: string | null;
}

/**
 * The first calendar reply among a message's text/calendar parts: the PARTSTAT of the attendee who is the
 * sender (else of the first attendee), or null when there is none.
 */
export function calendarReply(calendars: readonly string[], sender: string | null): CalendarReply | null {
  for (const calendar of calendars) {
    const ics = calendar.replace(/\r?\n[ \t]/g, "");
    if (!/^METHOD:REPLY\s*$/im.test(ics)) continue;
    const attendees = [...ics.matchAll(/^ATTENDEE([^:\r\n]*):(?:mailto:)?([^\r\n]*)$/gim)].map((m) => ({
      params: m[1]!,
      address: m[2]!.trim(),
    }));
    const attendee =
      attendees.find((a) => sender !== null && emailKey(a.address) === emailKey(sender)) ?? attendees[0];
    const partstat = attendee ? /;PARTSTAT=([A-Z-]+)/i.exec(attendee.params)?.[1] : undefined;
    if (!partstat) continue;
    const uid = /^UID:(.*)$/im.exec(ics)?.[1]?.trim() ?? null;
    return { partstat: partstat.toUpperCase(), uid };
  }
  return null;
}

/**
 * The event a calendar UID of ours names (`EVENTID.GUESTID@mail-domain`, see mail/calendar.ts; entries sent
 * before the mail domain was used end in `@rsvp`), else null.
 */
export function eventIdOfCalendarUid(uid: string): string | null {
  return /^([A-Za-z0-9_-]{1,64})\.[A-Za-z0-9_-]{1,64}@[A-Za-z0-9.-]+$/.exec(uid)?.[1] ?? null;
}
