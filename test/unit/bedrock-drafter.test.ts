import {
  BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandOutput,
  ThrottlingException,
} from "@aws-sdk/client-bedrock-runtime";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import {
  BedrockThankYouDrafter,
  bedrockThankYouDrafter,
  thankYouSystemPrompt,
} from "../../adapters/aws/bedrock-drafter.ts";
import { DEFAULT_ASSISTANT_MODEL } from "../../contracts/assistant.ts";
import type { ThankYouRequest } from "../../core/ports.ts";
import { draftThankYou, templateThankYou } from "../../core/thank-you.ts";

const client = new BedrockRuntimeClient({
  region: "eu-central-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});
const bedrock = mockClient(client);
afterEach(() => bedrock.reset());

const drafter = new BedrockThankYouDrafter({ client, modelId: DEFAULT_ASSISTANT_MODEL });

const request: ThankYouRequest = {
  eventName: "Summer party",
  date: "Wednesday 1 July 2026",
  startTime: "14:00",
  endTime: "17:00",
  notes: "The photos will be online next week.",
};

const goodDraft = `Dear {name},

Thank you for coming to the Summer party on Wednesday. It was a joy to have you with us, and the photos will be
online next week.

Warm wishes,
Your host`;

/** A Converse answer as Bedrock gives it. */
const answer = (text: string, stopReason: ConverseCommandOutput["stopReason"] = "end_turn") =>
  ({
    output: { message: { role: "assistant", content: [{ text }] } },
    stopReason,
    usage: { inputTokens: 250, outputTokens: 90, totalTokens: 340 },
    metrics: { latencyMs: 800 },
  }) as ConverseCommandOutput;

describe("the Bedrock thank-you drafter", () => {
  it("asks Converse once, with the configured model, the system prompt, and only the event and the host's notes", async () => {
    bedrock.on(ConverseCommand).resolves(answer(goodDraft));
    await drafter.draft(request);

    const calls = bedrock.commandCalls(ConverseCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input).toEqual({
      modelId: "global.anthropic.claude-haiku-4-5-20251001-v1:0",
      system: [{ text: thankYouSystemPrompt }],
      messages: [
        {
          role: "user",
          content: [
            {
              text: [
                "Event details:",
                "- Name: Summer party",
                "- Date: Wednesday 1 July 2026",
                "- Time: 14:00 to 17:00",
                "",
                "The host's notes for the note:",
                "The photos will be online next week.",
              ].join("\n"),
            },
          ],
        },
      ],
      inferenceConfig: { maxTokens: 600, temperature: 0.7 },
    });
    // The prompt asks for the placeholder, not for a name, and treats the host's text as data.
    expect(thankYouSystemPrompt).toContain('"Dear {name},"');
    expect(thankYouSystemPrompt).toMatch(/not instructions/);
  });

  it("keeps a good draft as the model wrote it", async () => {
    bedrock.on(ConverseCommand).resolves(answer(goodDraft));
    expect(await draftThankYou(drafter, request)).toEqual({ body: goodDraft, source: "model" });
  });

  it("falls back to the template when the draft is malformed", async () => {
    bedrock
      .on(ConverseCommand)
      .resolves(
        answer("Dear [Guest Name],\n\nThanks for coming! Photos: https://photos.example.org\n\n[Host]"),
      );
    const reasons: string[] = [];
    expect(await draftThankYou(drafter, request, (reason) => reasons.push(reason))).toEqual({
      body: templateThankYou(request),
      source: "template",
    });
    expect(reasons).toEqual([expect.stringMatching(/^the model's draft was refused/)]);
  });

  it("falls back to the template when the model stops early or answers with nothing", async () => {
    bedrock.on(ConverseCommand).resolvesOnce(answer(goodDraft, "max_tokens")).resolvesOnce(answer("  "));
    expect((await draftThankYou(drafter, request)).source).toBe("template");
    expect((await draftThankYou(drafter, request)).source).toBe("template");
  });

  it("falls back to the template when the SDK call fails", async () => {
    bedrock
      .on(ConverseCommand)
      .rejects(new ThrottlingException({ message: "Too many requests", $metadata: {} }));
    const errors: unknown[] = [];
    expect(await draftThankYou(drafter, request, (_reason, error) => errors.push(error))).toEqual({
      body: templateThankYou(request),
      source: "template",
    });
    expect(errors).toEqual([expect.objectContaining({ name: "ThrottlingException" })]);
  });

  it("is not made without a model configured", () => {
    expect(bedrockThankYouDrafter(null)).toBeNull();
    expect(bedrockThankYouDrafter({ modelId: DEFAULT_ASSISTANT_MODEL })).toBeInstanceOf(
      BedrockThankYouDrafter,
    );
  });
});
