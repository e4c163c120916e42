import type { Command } from "commander";
import { assistantEnv } from "../contracts/assistant.ts";
import { HostQuestion } from "../contracts/host-question.ts";
import { answerHostQuestion } from "../core/host-questions/ask.ts";
import { hostReadModel } from "../core/host-questions/read-model.ts";
import { AssistantConfigError, hostAssistantFromEnv } from "../runtime/host-assistant.ts";
import { deliverPendingAudit } from "./audit.ts";
import { requireEvent, withStores } from "./data-dir.ts";
import { CliError } from "./errors.ts";
import { dataOption, jsonOption } from "./options.ts";
import { printJson, printLines } from "./output.ts";

/** `rsvp ask EVENT "question"`: the host's questions about their guest list, answered from the data dir. */
export function registerAskCommand(program: Command): void {
  program
    .command("ask")
    .description("ask about an event's guest list in plain language; the answer says what data it used")
    .argument("<event>", "event id")
    .argument("<question>", "the question, in quotes (at most 500 characters)")
    .addOption(dataOption())
    .addOption(jsonOption())
    .addHelpText(
      "after",
      `
Examples:
  rsvp ask EVENT "how many are still on the waitlist?"
  rsvp ask EVENT "who cancelled this week?"
  rsvp ask EVENT "has ana@example.org confirmed?"

Without the assistant, plain matching answers the common questions (headcount, open seats, the waitlist,
held offers, who cancelled or registered when, a guest's status by address or name). With
${assistantEnv.model} set (a Bedrock model id, or "default") and AWS credentials, Claude on Bedrock answers
with read-only tools. Either way nothing is changed.

Exit status: 0 answered, 1 the question needs the assistant, 2 the command line was wrong.`,
    )
    .action(async (eventId: string, question: string, o: { data: string; json?: boolean }) => {
      const parsed = HostQuestion.safeParse(question);
      if (!parsed.success) throw new CliError(parsed.error.issues.map((i) => i.message).join("; "));
      const assistant = await hostAssistantFromEnv(process.env).catch((error: unknown) => {
        throw error instanceof AssistantConfigError ? new CliError(error.message) : error;
      });
      await withStores(o.data, async (stores) => {
        await requireEvent(stores, eventId, o.data);
        // Changes a crashed or stopped server committed but did not audit yet belong in "who cancelled …".
        await deliverPendingAudit(stores);
        const answer = await answerHostQuestion(
          { read: hostReadModel(stores.store, stores.audit, eventId), now: new Date(), assistant },
          parsed.data,
        );
        if (answer.answeredBy === "none") process.exitCode = 1;
        if (o.json) return printJson(answer);
        printLines(
          answer.answer,
          ...(answer.sources.length > 0 ? [`  (from ${answer.sources.join("; ")})`] : []),
          ...(answer.note ? [`  note: ${answer.note}`] : []),
        );
      });
    });
}
