import { CommanderError } from "commander";
import { CliError } from "./errors.ts";
import { buildProgram, type CliDeps } from "./program.ts";

/**
 * Runs `rsvp` on `argv` (as `process.argv`: node, script, arguments…) and maps how it ended to an exit status
 * in one place: a CliError prints its one line (no stack trace) and gives its status, a usage error is 2, help
 * and --version are 0. Undefined when the command ended normally: the status is then whatever it set on
 * `process.exitCode` (0 unless it found a problem). Anything else is a bug and is thrown.
 */
export async function runRsvp(argv: readonly string[], deps: CliDeps = {}): Promise<number | undefined> {
  try {
    await buildProgram(deps).parseAsync([...argv]);
    return undefined;
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`rsvp: ${error.message}\n`);
      return error.exitCode;
    }
    // Commander has printed the message; help and --version are successes, anything else a usage error.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
}
