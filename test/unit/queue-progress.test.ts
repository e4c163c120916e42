import { describe, expect, it } from "vitest";
import { queueProgress } from "../../cli/progress.ts";

/** A stderr to write to: a terminal (80 columns) or not. */
function fakeStderr(isTTY: boolean) {
  let written = "";
  const stream = {
    isTTY,
    columns: 80,
    write: (chunk: string | Uint8Array) => {
      written += String(chunk);
      return true;
    },
    // What readline's cursor helpers call on a terminal.
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
    on: () => stream,
    removeListener: () => stream,
  };
  return { stream: stream as unknown as NodeJS.WriteStream, written: () => written };
}

describe("the progress of queueing commands", () => {
  it("draws a bar on a terminal and leaves it at where it ended", () => {
    const err = fakeStderr(true);
    const progress = queueProgress(err.stream);
    progress.update(10, 12);
    progress.update(12, 12);
    progress.done();
    expect(err.written()).toContain("queueing [");
    const lines = err
      .written()
      .split(/\r|\n/)
      .filter((l) => l.includes("queueing"));
    expect(lines.at(-1)).toContain("] 12/12 commands, 100%");
  });

  it("writes one plain line at the end when stderr is no terminal, also when it stopped part way", () => {
    const log = fakeStderr(false);
    const progress = queueProgress(log.stream);
    progress.update(10, 25);
    progress.update(20, 25);
    progress.done();
    expect(log.written()).toBe("queued 20/25 commands\n");
  });

  it("writes nothing when nothing was queued", () => {
    for (const isTTY of [true, false]) {
      const err = fakeStderr(isTTY);
      queueProgress(err.stream).done();
      expect(err.written()).toBe("");
    }
  });
});
