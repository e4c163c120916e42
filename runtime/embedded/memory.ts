import { setFlagsFromString } from "node:v8";

/**
 * The young generation of each V8 heap of `rsvp start` (the request thread's and the background thread's),
 * in MB. Node 24 lets it grow to 64 MB per heap (two 32 MB semi-spaces) under allocation pressure, which a
 * rush is: with two threads that was the largest part of the peak RSS after the rush (see
 * docs/performance.md). Kept small, scavenges run more often on less, at no measurable CPU cost here.
 */
export const youngGenerationMb = 6;

/**
 * How far past what survived the last full collection an old generation may grow before the next one, in
 * percent. V8's own factor (up to 4× under allocation pressure) let a long rush's garbage pile up in both
 * heaps: 100,000 registrations peaked at 341 MB; at 20%, 240 MB, for about 8% more CPU in the collector's
 * helper threads (docs/performance.md).
 */
export const oldGenerationGrowthPercent = 20;

/**
 * Keeps this process's heaps from growing their young generation (the main thread's heap exists already, so
 * its maximum cannot be lowered; the growth factor can) and their old generations far past their live data
 * (V8 reads the factor at every full collection). Call once, early, in the server process only: the flags are
 * process-wide, both threads' heaps follow them.
 */
export function boundHeaps(): void {
  setFlagsFromString("--semi-space-growth-factor=1");
  setFlagsFromString(`--heap-growing-percent=${oldGenerationGrowthPercent}`);
}
