import { DateTime } from "luxon";
import type { EventRecord } from "../contracts/event.ts";

/** One JSON document on one line: what `--json` prints, so scripts can read stdout line by line. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

export function printLines(...lines: string[]): void {
  process.stdout.write(`${lines.join("\n")}\n`);
}

/** "1 guest", "3 guests": a count and its noun, in the plural unless the count is one. */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** An instant as the CLI's tables show it, in UTC to the second: "2026-12-24 18:00:00Z". */
export function utcTime(iso: string): string {
  return iso.replace("T", " ").replace(/\.\d+Z$/, "Z");
}

/** When an event starts, in its own zone: "Thu 24 Dec 2026, 19:00 Europe/Berlin". */
export function eventStart(event: Pick<EventRecord, "startsAt" | "timeZone">): string {
  const local = DateTime.fromISO(event.startsAt).setZone(event.timeZone);
  return `${local.toFormat("ccc d LLL yyyy, HH:mm")} ${event.timeZone}`;
}

/** Left-aligned columns separated by two spaces; the header is underlined. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
