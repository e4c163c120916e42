/**
 * A command as a message of the SQS FIFO command queue: its body, its deduplication id and its message group
 * (the event), and the way back from a received message to the command. Free of the SDK, so the keeper's
 * handler reads messages without loading the SQS client.
 */
import { createHash } from "node:crypto";
import { Command } from "../../contracts/command.ts";

/**
 * The deduplication id of a command: a SHA-256 hex digest of `eventId:commandId` (64 of SQS's allowed
 * characters). Both ids are up to 64 characters, so the plain pair could exceed SQS's 128; neither may hold
 * a `:`, so the pair names the command unambiguously.
 */
export function deduplicationId(command: Pick<Command, "eventId" | "commandId">): string {
  return createHash("sha256").update(`${command.eventId}:${command.commandId}`).digest("hex");
}

/**
 * A command's message body: its JSON. JSON escapes every control character, but not U+FFFE and U+FFFF, which
 * SQS refuses in a body; a guest's name may hold them, so they are escaped too (they can only occur inside
 * JSON strings, where `\uFFFE` reads back as the same character).
 */
export function messageBody(command: Command): string {
  return JSON.stringify(command).replace(
    /[\uFFFE\uFFFF]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * The command a message of the queue holds, or why it holds none: its body is not JSON, not a command
 * (`detail` says how), or a command of another event than its message group, which is what keeps an event's
 * commands in order. The keeper reads every message this way (runtime/aws/handlers/sqs-keeper-handler.ts), and a
 * dead-letter replay sends back only what the keeper can read (sqs-dead-letters.ts).
 */
export function readCommandMessage(
  body: string,
  groupId: string | undefined,
): { command: Command } | { reason: string; detail?: string } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { reason: "not JSON" };
  }
  const parsed = Command.safeParse(json);
  if (!parsed.success) return { reason: "not a command", detail: parsed.error.message };
  if (groupId !== parsed.data.eventId)
    return { reason: `in group ${groupId ?? "(none)"}, not its event's ${parsed.data.eventId}` };
  return { command: parsed.data };
}
