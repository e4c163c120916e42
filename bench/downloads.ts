/** The host's views of the whole list (bench/rush.ts): each read to the end, with the server's RSS meanwhile. */
import { rssMb } from "./readings.ts";

/** The highest RSS of `pid` seen while `work` runs (sampled every 20 ms), with what `work` gave. */
async function withPeakRss<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ value: T; peakMb: number | null }> {
  let peak = rssMb(pid);
  const sampler = setInterval(() => {
    const now = rssMb(pid);
    if (now !== null && (peak === null || now > peak)) peak = now;
  }, 20);
  try {
    const value = await work();
    return { value, peakMb: peak };
  } finally {
    clearInterval(sampler);
  }
}

export interface Download {
  name: string;
  status: number;
  bytes: number;
  seconds: number;
  /** The server's highest RSS while it served this, and its RSS just before. */
  rssBeforeMb: number | null;
  rssPeakMb: number | null;
}

/** One GET of a host page or download, read to the end; its time, size and the server's RSS meanwhile. */
export async function download(pid: number, url: string, name: string): Promise<Download> {
  const rssBeforeMb = rssMb(pid);
  const { value, peakMb } = await withPeakRss(pid, async () => {
    const started = performance.now();
    const res = await fetch(url, { signal: AbortSignal.timeout(120_000) });
    let bytes = 0;
    for await (const chunk of res.body ?? []) bytes += (chunk as Uint8Array).byteLength;
    return { status: res.status, bytes, seconds: (performance.now() - started) / 1000 };
  });
  return { name, ...value, rssBeforeMb, rssPeakMb: peakMb };
}
