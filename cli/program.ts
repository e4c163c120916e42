import { Command } from "commander";
import packageJson from "../package.json" with { type: "json" };
import { registerAskCommand } from "./ask.ts";
import { registerAuditCommands } from "./audit.ts";
import { type AwsClientsFactory, stackEnv } from "./aws-options.ts";
import { registerCheckInCommand } from "./checkin.ts";
import { registerCostCommand } from "./cost.ts";
import { registerDlqCommands } from "./dlq.ts";
import { registerEventCommands } from "./event.ts";
import { registerGuestsCommand } from "./guests.ts";
import { registerHeadcountCommand } from "./headcount.ts";
import { registerHostCommands } from "./host.ts";
import { registerImportCommand } from "./import.ts";
import { registerKeyCommands } from "./keys.ts";
import { registerMailCommands } from "./mail.ts";
import { env } from "./options.ts";
import { registerOutboxCommand } from "./outbox.ts";
import { registerStartCommand } from "./start.ts";

/** What the commands reach outside the data dir; tests hand in their own. */
export interface CliDeps {
  /** The AWS clients of `--aws` commands (default: the SDK's, configured by its usual chain). */
  aws?: AwsClientsFactory;
}

/** The `rsvp` command line: one module per command group. */
export function buildProgram(deps: CliDeps = {}): Command {
  const aws = deps.aws;
  const program = new Command("rsvp")
    .description("rsvp, an event RSVP manager: guest list, waitlist and headcount")
    .version(packageJson.version)
    // Options after a subcommand belong to it (`rsvp audit verify EVENT --data DIR`).
    .enablePositionalOptions()
    .showHelpAfterError("(add --help for usage)")
    // Usage errors throw instead of exiting, so rsvp.ts maps every exit code in one place; subcommands
    // created after this inherit it (and the settings above).
    .exitOverride();
  registerStartCommand(program);
  registerEventCommands(program, aws);
  registerHeadcountCommand(program, aws);
  registerGuestsCommand(program);
  registerHostCommands(program);
  registerCheckInCommand(program);
  registerAskCommand(program, aws);
  registerImportCommand(program, aws);
  registerAuditCommands(program, aws);
  registerDlqCommands(program, aws);
  registerOutboxCommand(program);
  registerKeyCommands(program);
  registerMailCommands(program);
  registerCostCommand(program);
  program.addHelpText(
    "after",
    `
Environment (an explicit option wins):
  ${env.dataDir}    data directory (default ./data)
  ${env.port}        port for rsvp start (default 3000)
  ${env.host}        interface for rsvp start (default 127.0.0.1)
  ${env.baseUrl}    public address printed links start with
  ${env.logLevel}   fatal|error|warn|info|debug|trace|silent (default info)
  ${env.logFormat}  auto|json|pretty (default auto: pretty on a terminal)
  RSVP_SMTP_PORT   port of the email-reply listener of rsvp start (off by default)
  RSVP_INBOUND_DOMAIN  domain of the RSVP mailbox (rsvp+EVENT@domain): Reply-To of guest emails
  RSVP_BEDROCK_MODEL   the assistant's Bedrock model ("default": Claude Haiku); off if unset
  ${stackEnv.stack}       with --aws: the stateful stack (default RsvpStateful)
  ${stackEnv.webStack}   with --aws: the stateless stack (default RsvpStateless)
  AWS_REGION, AWS_PROFILE  with --aws: the region and credentials, as for the AWS CLI

Exit status: 0 done, 1 the command found a problem, 2 the command line was wrong.
Run "rsvp <command> --help" for each command's options.`,
  );
  return program;
}
