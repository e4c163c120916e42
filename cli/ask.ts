import type { Command } from "commander";
import { assistantEnv } from "../contracts/assistant.ts";
import { type HostAnswer, HostQuestion } from "../contracts/host-question.ts";
import { answerHostQuestion } from "../core/host-questions/ask.ts";
import { hostReadModel } from "../core/host-questions/read-model.ts";
import { AssistantConfigError, hostAssistantFromEnv } from "../runtime/host-assistant.ts";
import type { AwsClientsFactory } from "./aws-options.ts";
import { type DeploymentOptions, withDeployment } from "./deployment.ts";
import { CliError } from "./errors.ts";
import { addDeploymentOptions } from "./options.ts";
import { printJson, printLines } from "./output.ts";

/**
 * `rsvp ask EVENT "question"`: the host's questions about their guest list, answered from the data dir (or,
 * --aws, from the deployed guest and audit tables).
 */
export function registerAskCommand(program: Command, aws: AwsClientsFactory | undefined): void {
  const ask = program
    .command("ask")
    .description("ask about an event's guest list in plain language; the answer says what data it used")
    .argument("<event>", "event id")
    .argument("<question>", "the question, in quotes (at most 500 characters)");
  addDeploymentOptions(ask, { json: true })
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
with read-only tools. Either way nothing is changed. With --aws the answer is read from the deployed stack's
guest and audit tables (the assistant as above: ${assistantEnv.model} on this machine).

Exit status: 0 answered, 1 the question needs the assistant, 2 the command line was wrong.`,
    )
    .action(async (eventId: string, question: string, o: DeploymentOptions & { json?: boolean }) => {
      // The question and the assistant's setting are checked before any store or AWS is asked anything.
      const parsed = HostQuestion.safeParse(question);
      if (!parsed.success) throw new CliError(parsed.error.issues.map((i) => i.message).join("; "));
      const assistant = await hostAssistantFromEnv(process.env).catch((error: unknown) => {
        throw error instanceof AssistantConfigError ? new CliError(error.message) : error;
      });
      await withDeployment(o, aws, async (deployment) => {
        const store = await deployment.guestStore();
        const event = await deployment.requireEvent(eventId);
        // The trail holds every committed change, so "who cancelled …" sees the latest.
        const read = hostReadModel(store, await deployment.auditLog(), eventId, event);
        printAnswer(await answerHostQuestion({ read, now: new Date(), assistant }, parsed.data), o.json);
      });
    });
}

/** The answer with what it was read from (or JSON); exit 1 when the question needs the assistant. */
function printAnswer(answer: HostAnswer, json: boolean | undefined): void {
  if (answer.answeredBy === "none") process.exitCode = 1;
  if (json) {
    printJson(answer);
    return;
  }
  printLines(
    answer.answer,
    ...(answer.sources.length > 0 ? [`  (from ${answer.sources.join("; ")})`] : []),
    ...(answer.note ? [`  note: ${answer.note}`] : []),
  );
}
