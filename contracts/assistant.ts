import * as z from "zod";

/**
 * The assistant's configuration, shared by its two (and only two) uses: the host's questions about the guest
 * list (`core/host-questions/`) and the post-event thank-you draft. Nothing else may call a model.
 */

/**
 * The default model: Claude Haiku 4.5 through Bedrock's global cross-Region inference profile, which routes
 * each request to any commercial Region with capacity (and is the cheapest way to call it). Any Converse-capable
 * model or inference-profile id (or ARN) can be configured instead.
 */
export const DEFAULT_ASSISTANT_MODEL = "global.anthropic.claude-haiku-4-5-20251001-v1:0";

/** The environment variables that turn the assistant on, embedded and on AWS. */
export const assistantEnv = {
  /** The Bedrock model or inference-profile id; unset in the embedded runtime: no assistant. */
  model: "RSVP_BEDROCK_MODEL",
  /** The Region Bedrock is called in; default the SDK's (AWS_REGION, the profile). */
  region: "RSVP_BEDROCK_REGION",
} as const;

/** A model or inference-profile id, or an ARN of one, as Bedrock's Converse takes it. */
export const ModelId = z
  .string()
  .trim()
  .min(1, "the model id must not be empty")
  .max(2048)
  .regex(
    /^[A-Za-z0-9_.:/-]+$/,
    "a Bedrock model id looks like global.anthropic.claude-haiku-4-5-20251001-v1:0",
  );

/** A configured model: `default` names DEFAULT_ASSISTANT_MODEL, anything else must be a model id. */
export const ConfiguredModel = z
  .string()
  .trim()
  .transform((s) => (s === "default" ? DEFAULT_ASSISTANT_MODEL : s))
  .pipe(ModelId);

/** Where the assistant runs, when it is configured at all. */
export const AssistantConfig = z.object({ modelId: ModelId, region: z.string().min(1).optional() });
export type AssistantConfig = z.infer<typeof AssistantConfig>;

/**
 * The assistant configuration in an environment: the model from RSVP_BEDROCK_MODEL ("default" names
 * DEFAULT_ASSISTANT_MODEL), the Region from RSVP_BEDROCK_REGION; null when no model is set.
 */
export function assistantConfigFromEnv(env: NodeJS.ProcessEnv): AssistantConfig | null {
  const raw = env[assistantEnv.model]?.trim();
  if (!raw) return null;
  const region = env[assistantEnv.region]?.trim();
  return AssistantConfig.parse({ modelId: ConfiguredModel.parse(raw), ...(region ? { region } : {}) });
}
