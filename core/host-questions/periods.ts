import { DateTime } from "luxon";
import { englishNumberWords } from "../number-words.ts";

/**
 * Time as a host says it ("this week", "since Monday", "yesterday", "since 16 Nov"), read in the event's own
 * time zone: a host's "today" is the event's calendar day, not the server's or UTC's.
 */

/** A span of time a question is about: from `since`, up to `until` (exclusive) or now. */
export interface Period {
  since: Date;
  until: Date | null;
  /** How an answer names it: "this week (since Mon 16 Nov)", "yesterday (Sun 15 Nov)". */
  label: string;
}

/** A day as a host reads it: "Mon 16 Nov" (with the year when it is not the current one). */
export function dayLabel(at: Date | string, timeZone: string, now?: Date): string {
  const local = toLocal(at, timeZone);
  const sameYear = !now || toLocal(now, timeZone).year === local.year;
  return local.toFormat(sameYear ? "ccc d LLL" : "ccc d LLL yyyy");
}

/** An instant as the event's wall clock: "Tue 17 Nov, 10:02". */
export function momentLabel(at: Date | string, timeZone: string, now?: Date): string {
  return `${dayLabel(at, timeZone, now)}, ${toLocal(at, timeZone).toFormat("HH:mm")}`;
}

/** The wall-clock time of day only: "14:02". */
export function clockLabel(at: Date | string, timeZone: string): string {
  return toLocal(at, timeZone).toFormat("HH:mm");
}

/** An instant as ISO-8601 with the event's offset ("2026-11-17T10:02:00.000+01:00"): local and exact at once. */
export function localIso(at: Date | string, timeZone: string): string {
  return toLocal(at, timeZone).toISO() ?? new Date(at).toISOString();
}

function toLocal(at: Date | string, timeZone: string): DateTime {
  const ms = typeof at === "string" ? Date.parse(at) : at.getTime();
  return DateTime.fromMillis(ms, { zone: timeZone });
}

const weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
/** The English number words, and the few more a period is said with ("a week", "the last fourteen days"). */
const numberWords: Record<string, number> = { ...englishNumberWords, a: 1, an: 1, fourteen: 14, thirty: 30 };

const weekdayPattern = "(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday|sday)?";
const monthPattern = "(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?";

/**
 * The period a question names, in the event's zone, or null when it names none (the answer then covers all
 * time). Understands today, yesterday, this/last week, this/last month, the last N days/hours, since a
 * weekday, since a date (16 Nov, Nov 16th, 2026-11-16), and "on" a weekday or date for that one day.
 */
export function periodIn(question: string, timeZone: string, now: Date): Period | null {
  const q = question.toLowerCase();
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  const today = local.startOf("day");
  const day = (d: DateTime) => dayLabel(d.toJSDate(), timeZone, now);
  const span = (since: DateTime, until: DateTime | null, label: string): Period => ({
    since: since.toJSDate(),
    until: until ? until.toJSDate() : null,
    label,
  });

  const lastN = q.match(
    /\b(?:in |over |during |within )?(?:the )?(?:last|past|previous)\s+(\d{1,3}|[a-z]+)\s+(day|days|hour|hours|week|weeks)\b/,
  );
  if (lastN) {
    const n = /^\d+$/.test(lastN[1] ?? "") ? Number(lastN[1]) : numberWords[lastN[1] ?? ""];
    const unit = (lastN[2] ?? "").replace(/s$/, "") as "day" | "hour" | "week";
    if (n !== undefined && n > 0) {
      const since = local.minus({ [`${unit}s`]: n });
      const what = `${n} ${unit}${n === 1 ? "" : "s"}`;
      return span(since, null, `in the last ${what} (since ${momentLabel(since.toJSDate(), timeZone, now)})`);
    }
  }
  if (/\b(?:last|past|previous)\s+(?:24 hours|day)\b/.test(q))
    return span(local.minus({ hours: 24 }), null, "in the last 24 hours");

  if (/\bsince yesterday\b/.test(q)) {
    const since = today.minus({ days: 1 });
    return span(since, null, `since yesterday (${day(since)})`);
  }
  if (/\byesterday\b/.test(q)) {
    const since = today.minus({ days: 1 });
    return span(since, today, `yesterday (${day(since)})`);
  }
  if (/\b(?:today|so far today|this morning|tonight)\b/.test(q))
    return span(today, null, `today (${day(today)})`);
  if (/\b(?:this|the current) week\b|\bthis wk\b/.test(q)) {
    const since = today.startOf("week");
    return span(since, null, `this week (since ${day(since)})`);
  }
  if (/\blast week\b|\bprevious week\b/.test(q)) {
    const since = today.startOf("week").minus({ weeks: 1 });
    const until = today.startOf("week");
    return span(since, until, `last week (${day(since)} to ${day(until.minus({ days: 1 }))})`);
  }
  if (/\bthis month\b/.test(q)) {
    const since = today.startOf("month");
    return span(since, null, `this month (since ${day(since)})`);
  }
  if (/\blast month\b/.test(q)) {
    const until = today.startOf("month");
    const since = until.minus({ months: 1 });
    return span(since, until, `last month (${since.toFormat("LLLL yyyy")})`);
  }

  const date = namedDate(q, today);
  if (date) {
    if (date.on) return span(date.day, date.day.plus({ days: 1 }), `on ${day(date.day)}`);
    return span(date.day, null, `since ${day(date.day)}`);
  }
  return null;
}

/**
 * A weekday or calendar date named after "since", "from", "after" or "on" (the most recent one that is not in
 * the future), as the start of that day in the zone; `on` when the question is about that day alone.
 */
function namedDate(q: string, today: DateTime): { day: DateTime; on: boolean } | null {
  const lead = "\\b(since|from|after|starting|on)\\s+(?:last\\s+|this\\s+)?";
  const iso = q.match(new RegExp(`${lead}(\\d{4})-(\\d{2})-(\\d{2})\\b`));
  if (iso) {
    const d = DateTime.fromObject(
      { year: Number(iso[2]), month: Number(iso[3]), day: Number(iso[4]) },
      { zone: today.zone },
    );
    return d.isValid ? { day: d, on: iso[1] === "on" } : null;
  }
  const dayMonth = q.match(new RegExp(`${lead}(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${monthPattern}`));
  const monthDay = q.match(new RegExp(`${lead}${monthPattern}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b`));
  const parts = dayMonth
    ? { on: dayMonth[1] === "on", dayOfMonth: Number(dayMonth[2]), month: dayMonth[3] ?? "" }
    : monthDay
      ? { on: monthDay[1] === "on", dayOfMonth: Number(monthDay[3]), month: monthDay[2] ?? "" }
      : null;
  if (parts) {
    const month = months.indexOf(parts.month.slice(0, 3)) + 1;
    let d = DateTime.fromObject({ year: today.year, month, day: parts.dayOfMonth }, { zone: today.zone });
    if (!d.isValid) return null;
    if (d > today) d = d.minus({ years: 1 });
    return { day: d, on: parts.on };
  }
  const weekday = q.match(new RegExp(`${lead}${weekdayPattern}\\b`));
  if (weekday) {
    const index = weekdays.findIndex((w) => w.startsWith((weekday[2] ?? "").slice(0, 3)));
    if (index < 0) return null;
    // luxon's weekday: Monday 1 … Sunday 7. The most recent such day, today included.
    const back = (today.weekday - (index + 1) + 7) % 7;
    return { day: today.minus({ days: back }), on: weekday[1] === "on" };
  }
  return null;
}
