import { SingleBar } from "cli-progress";

/** Told how far a long send has come, then that it ended (done or not). */
export interface Progress {
  update(queued: number, total: number): void;
  done(): void;
}

/**
 * Progress of queueing commands, on stderr so stdout stays the command's result: on a terminal a bar redrawn
 * in place; anywhere else (a log file, a CI job, a pipe) no redrawing, just one plain line at the end
 * ("queued 500/500 commands"), also when it stopped part way.
 */
export function queueProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  let last: { queued: number; total: number } | null = null;
  if (!stream.isTTY) {
    return {
      update: (queued, total) => {
        last = { queued, total };
      },
      done: () => {
        if (last) stream.write(`queued ${last.queued}/${last.total} commands\n`);
      },
    };
  }
  const bar = new SingleBar({
    stream,
    format: "queueing [{bar}] {value}/{total} commands, {percentage}% (ETA {eta_formatted})",
    barCompleteChar: "#",
    barIncompleteChar: "-",
    hideCursor: true,
  });
  return {
    update: (queued, total) => {
      if (!last) bar.start(total, queued);
      else bar.update(queued);
      last = { queued, total };
    },
    done: () => {
      // Leaves the bar's last state on screen: where it ended, or where it stopped.
      if (last) bar.stop();
    },
  };
}
