/**
 * The parameters of a real deploy, from CDK context (`-c senderAddress=…`) or else the environment
 * (`RSVP_SENDER_ADDRESS=…`). None is needed to synthesize: a missing one falls back to a placeholder and the
 * app warns about it, so `npx cdk synth` works offline, while a deploy is told what it still lacks.
 */
import type { Node } from "constructs";
import { ConfiguredModel, DEFAULT_ASSISTANT_MODEL } from "../contracts/assistant.ts";

export interface DeployConfig {
  /** The From address of every email; its address or domain must be a verified SES identity. */
  senderAddress: string;
  /** The domain SES receives replies for (its MX record points at SES inbound in the stack's region). */
  inboundDomain: string;
  /** Who the budget alarm emails. */
  alarmEmail: string;
  /** The monthly cost budget in USD the alarm watches. */
  monthlyBudgetUsd: number;
  /** The public base URL of links in emails (a custom domain); empty → the Function URL. */
  baseUrl: string;
  /** SHA-256 (hex) of the admin token that opens the web app's admin area; empty → no admin area. */
  adminTokenHash: string;
  /** The region to deploy to; undefined → the CLI's (environment-agnostic stacks). */
  region: string | undefined;
  account: string | undefined;
  /** X-Ray active tracing on every function. */
  tracing: boolean;
  /** The Bedrock model or inference-profile id the assistant calls (the host's questions, the thank-you draft). */
  assistantModel: string;
  /**
   * The web function's reserved concurrency: the most requests it serves at once, so a flood on the public
   * Function URL cannot take the account's whole Lambda concurrency from the keeper and the stream handlers.
   * 0 → none reserved (an account whose concurrency limit is below 100 + this cannot reserve any).
   */
  webConcurrency: number;
  /** The parameters that were not given and hold a placeholder. */
  placeholders: string[];
}

interface Parameter {
  context: string;
  env: string;
  placeholder: string;
}

const parameters = {
  senderAddress: { context: "senderAddress", env: "RSVP_SENDER_ADDRESS", placeholder: "rsvp@example.com" },
  inboundDomain: { context: "inboundDomain", env: "RSVP_INBOUND_DOMAIN", placeholder: "reply.example.com" },
  alarmEmail: { context: "alarmEmail", env: "RSVP_ALARM_EMAIL", placeholder: "ops@example.com" },
} satisfies Record<string, Parameter>;

/** Reads the deploy parameters; throws on a value that is given but malformed. */
export function deployConfig(node: Node, env: NodeJS.ProcessEnv = process.env): DeployConfig {
  const read = (context: string, envName: string): string | undefined => {
    const value = node.tryGetContext(context) ?? env[envName];
    return value === undefined || value === "" ? undefined : String(value);
  };
  const placeholders: string[] = [];
  const param = (p: Parameter) => {
    const value = read(p.context, p.env);
    if (value === undefined) placeholders.push(p.context);
    return value ?? p.placeholder;
  };

  const senderAddress = param(parameters.senderAddress);
  const inboundDomain = param(parameters.inboundDomain);
  const alarmEmail = param(parameters.alarmEmail);
  for (const [name, value] of [
    ["senderAddress", senderAddress],
    ["alarmEmail", alarmEmail],
  ] as const)
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value))
      throw new Error(`${name} is not an email address: ${value}`);
  if (!/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(inboundDomain))
    throw new Error(`inboundDomain is not a domain name: ${inboundDomain}`);

  const budget = Number(read("monthlyBudgetUsd", "RSVP_MONTHLY_BUDGET_USD") ?? 20);
  if (!Number.isFinite(budget) || budget <= 0)
    throw new Error("monthlyBudgetUsd must be a positive number of US dollars");

  const baseUrl = read("baseUrl", "RSVP_BASE_URL") ?? "";
  if (baseUrl !== "" && !/^https:\/\/[^/\s]+/.test(baseUrl))
    throw new Error("baseUrl must be an https:// URL");

  const adminTokenHash = (read("adminTokenHash", "RSVP_ADMIN_TOKEN_HASH") ?? "").toLowerCase();
  if (adminTokenHash !== "" && !/^[0-9a-f]{64}$/.test(adminTokenHash))
    throw new Error("adminTokenHash must be the SHA-256 of the admin token, 64 hex digits");

  const webConcurrency = Number(read("webConcurrency", "RSVP_WEB_CONCURRENCY") ?? 50);
  if (!Number.isInteger(webConcurrency) || webConcurrency < 0 || webConcurrency > 10_000)
    throw new Error(
      "webConcurrency must be a whole number of concurrent requests (0 turns the reservation off)",
    );

  const assistantModel = ConfiguredModel.safeParse(
    read("assistantModel", "RSVP_BEDROCK_MODEL") ?? DEFAULT_ASSISTANT_MODEL,
  );
  if (!assistantModel.success)
    throw new Error(`assistantModel: ${assistantModel.error.issues[0]?.message ?? "invalid"}`);

  return {
    senderAddress,
    inboundDomain,
    alarmEmail,
    monthlyBudgetUsd: budget,
    baseUrl,
    adminTokenHash,
    region: read("region", "CDK_DEFAULT_REGION"),
    account: read("account", "CDK_DEFAULT_ACCOUNT"),
    tracing: read("tracing", "RSVP_TRACING") === "true",
    assistantModel: assistantModel.data,
    webConcurrency,
    placeholders,
  };
}
