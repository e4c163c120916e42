import { setFlagsFromString } from "node:v8";

/**
 * The young generation of each V8 heap of `rsvp start` (the request thread's and the background thread's),
 * in MB. Node 24 lets it grow to 64 MB per heap (two 32 MB semi-spaces) under allocation pressure, which a
 * rush is: with two threads that was the largest part of the peak RSS after the rush (see
 * docs/performance.md). Kept small, scavenges run more often on less, at no measurable CPU cost here.
 */
export const youngGenerationMb = 6;

/**
 * Keeps this process's heaps from growing their young generation (the main thread's heap exists already, so
 * its maximum cannot be lowered; the growth factor can). Call once, early, in the server process only:
 * the flag is process-wide.
 */
export function boundYoungGeneration(): void {
  setFlagsFromString("--semi-space-growth-factor=1");
}
