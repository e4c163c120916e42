import type { CliDeps } from "../../cli/program.ts";
import { runRsvp } from "../../cli/run.ts";

export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `rsvp ARGS` in this process, as cli/rsvp.ts does, with `deps` handed to the program (AWS clients for
 * DynamoDB Local and mocked SDKs), and captures what it writes to stdout and stderr. One at a time: the
 * capture replaces the process's own writers while the command runs.
 */
export async function runCliInProcess(args: readonly string[], deps: CliDeps = {}): Promise<InProcessResult> {
  const out = { stdout: "", stderr: "" };
  const writers = { stdout: process.stdout.write, stderr: process.stderr.write };
  const capture = (stream: "stdout" | "stderr") =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      out[stream] += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
      const callback = rest.find((r) => typeof r === "function") as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof process.stdout.write;
  const exitCodeBefore = process.exitCode;
  process.exitCode = undefined;
  process.stdout.write = capture("stdout");
  process.stderr.write = capture("stderr");
  try {
    const status = await runRsvp(["node", "rsvp", ...args], deps);
    return { code: status ?? Number(process.exitCode ?? 0), ...out };
  } finally {
    process.stdout.write = writers.stdout;
    process.stderr.write = writers.stderr;
    process.exitCode = exitCodeBefore;
  }
}
