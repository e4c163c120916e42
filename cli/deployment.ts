/**
 * What one CLI command works on: the ports of one deployment, the embedded data dir or the deployed AWS stacks.
 * Each command is written once against `Deployment`; `--aws` only chooses which one it gets. The AWS side (and
 * with it the SDK) is loaded only for `--aws`.
 */
import type { EventRecord } from "../contracts/event.ts";
import type {
  AuditLog,
  CommandQueue,
  DeadLetters,
  EventDirectory,
  GuestStore,
  HostLinkStore,
} from "../core/ports.ts";
import { type AwsClientsFactory, type AwsCommandOptions, onAws } from "./aws-options.ts";
import { withEmbedded } from "./embedded-deployment.ts";
import { CliError } from "./errors.ts";

/** The ports of one deployment, made on first use and closed when the command ends. */
export interface Deployment {
  /** Where the data lives, for messages: "./data" or "stack RsvpStateful". */
  readonly where: string;
  /** The guest store, with the event directory and host-link renewal both stores have. */
  guestStore(): Promise<GuestStore & EventDirectory & HostLinkStore>;
  /** The audit trail with every committed change in it (the embedded runtime audits pending changes first). */
  auditLog(): Promise<AuditLog>;
  commandQueue(): Promise<CommandQueue>;
  deadLetters(): Promise<DeadLetters>;

  /** The event, or a message naming what was looked for and where. */
  requireEvent(eventId: string): Promise<EventRecord>;
  /** How commands sent to this deployment's queue are applied: the batch size to send in and a sentence. */
  readonly queueing: { chunkSize?: number; appliedBy: string };
  /**
   * Where printed links start: `--base-url`, else what this deployment knows of its address; null when it
   * knows none (a data dir without RSVP_BASE_URL: commands then print paths and say so, never a guessed port).
   */
  linkBase(options: { baseUrl?: string; webStack: string }): Promise<string | null>;
  /**
   * Checks that the storage itself is sound before its contents are judged (the embedded database's pages:
   * `PRAGMA quick_check`); throws a CliError (exit 3) saying it is damaged. Absent: nothing to check here.
   */
  checkStorage?(): void;
}

/** The options of every command that runs on either deployment. */
export interface DeploymentOptions extends AwsCommandOptions {
  data: string;
}

/**
 * Runs `fn` on the deployment the options name: the AWS stacks with `--aws`, else the data dir (which must
 * exist unless `create` says the command may start a new one).
 */
export async function withDeployment<T>(
  options: DeploymentOptions,
  aws: AwsClientsFactory | undefined,
  fn: (deployment: Deployment) => Promise<T>,
  { create = false }: { create?: boolean } = {},
): Promise<T> {
  if (options.aws) return onAws(aws, options.stack, fn);
  return withEmbedded(options.data, fn, { create });
}

/** The event, or a message naming what was looked for and where (and where to look it up). */
export async function findEvent(deployment: Deployment, eventId: string): Promise<EventRecord> {
  const event = await (await deployment.guestStore()).getEvent(eventId);
  if (!event) throw new CliError(`no event "${eventId}" in ${deployment.where} (see rsvp event list)`);
  return event;
}
