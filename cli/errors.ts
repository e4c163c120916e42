/**
 * A failure the CLI reports as one readable line, without a stack trace. Exit codes: 2 when the command line
 * asks for something invalid (a bad option value, an unknown event, a missing data dir), 1 when the command ran
 * and found a problem (audit differences, a port in use, another rsvp on the data dir), 3 when the data dir's
 * database is damaged (restore it from a backup).
 */
export class CliError extends Error {
  override readonly name = "CliError";
  readonly exitCode: number;

  constructor(message: string, exitCode = 2) {
    super(message);
    this.exitCode = exitCode;
  }
}
