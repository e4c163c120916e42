/**
 * The assistant as the environment configures it, for the embedded runtime and the CLI: Claude on Bedrock
 * when RSVP_BEDROCK_MODEL is set, else none (intent matching answers the host's questions alone, the template
 * writes the thank-you note). The Bedrock client is loaded only when a model is configured, and the drafter's
 * only when a note is drafted, so starting rsvp never pays for it.
 */
import { type AssistantConfig, assistantConfigFromEnv, assistantEnv } from "../contracts/assistant.ts";
import type { HostAssistant } from "../core/host-questions/ask.ts";
import type { ThankYouDrafter } from "../core/ports.ts";

/** RSVP_BEDROCK_MODEL holds something that is not a model id. */
export class AssistantConfigError extends Error {
  override readonly name = "AssistantConfigError";
}

/** The assistant configuration in `env`, or null; a malformed one is an AssistantConfigError. */
export function assistantConfig(env: NodeJS.ProcessEnv): AssistantConfig | null {
  try {
    return assistantConfigFromEnv(env);
  } catch {
    throw new AssistantConfigError(
      `${assistantEnv.model} is not a Bedrock model id: give "default" or an id such as global.anthropic.claude-haiku-4-5-20251001-v1:0`,
    );
  }
}

/** The host's assistant `env` configures, or null without one. */
export async function hostAssistantFromEnv(env: NodeJS.ProcessEnv): Promise<HostAssistant | null> {
  const config = assistantConfig(env);
  if (!config) return null;
  const { bedrockHostAssistant } = await import("../adapters/aws/bedrock-assistant.ts");
  return bedrockHostAssistant(config);
}

/**
 * The thank-you drafter `env` configures, or null without one; a malformed RSVP_BEDROCK_MODEL throws as
 * `assistantConfigFromEnv` does. The Bedrock adapter is imported on the first draft (one per event, after
 * it), not when the background starts.
 */
export function thankYouDrafterFromEnv(env: NodeJS.ProcessEnv): ThankYouDrafter | null {
  const config = assistantConfigFromEnv(env);
  if (!config) return null;
  let drafter: Promise<ThankYouDrafter> | undefined;
  return {
    async draft(request) {
      drafter ??= import("../adapters/aws/bedrock-drafter.ts").then((m) => m.bedrockThankYouDrafter(config)!);
      return (await drafter).draft(request);
    },
  };
}
