import { readFileSync } from "node:fs";
import { CliError } from "./errors.ts";

/** The text of a file an option names, or of standard input for "-". */
export function readText(path: string, option: string): string {
  try {
    return readFileSync(path === "-" ? 0 : path, "utf8");
  } catch (error) {
    throw new CliError(`cannot read ${option} ${path}: ${(error as Error).message}`);
  }
}
