import { App } from "aws-cdk-lib";
import { describe, expect, it } from "vitest";
import { deployConfig } from "../../stacks/deploy-config.ts";

const configOf = (context: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) =>
  deployConfig(new App({ context }).node, env);

describe("the deploy parameters", () => {
  it("synthesize without any: placeholders stand in and are named, so a deploy can be told what it lacks", () => {
    const config = configOf({});
    expect(config).toMatchObject({
      senderAddress: "rsvp@example.com",
      inboundDomain: "reply.example.com",
      alarmEmail: "ops@example.com",
      monthlyBudgetUsd: 20,
      baseUrl: "",
      region: undefined,
      tracing: false,
    });
    expect(config.placeholders).toEqual(["senderAddress", "inboundDomain", "alarmEmail"]);
  });

  it("come from -c context first, then from the environment", () => {
    const config = configOf(
      { senderAddress: "hello@party.example.org", monthlyBudgetUsd: "35", region: "eu-central-1" },
      {
        RSVP_SENDER_ADDRESS: "ignored@example.org",
        RSVP_INBOUND_DOMAIN: "reply.party.example.org",
        RSVP_ALARM_EMAIL: "me@example.org",
        RSVP_BASE_URL: "https://party.example.org",
        RSVP_TRACING: "true",
      },
    );
    expect(config).toMatchObject({
      senderAddress: "hello@party.example.org",
      inboundDomain: "reply.party.example.org",
      alarmEmail: "me@example.org",
      monthlyBudgetUsd: 35,
      baseUrl: "https://party.example.org",
      region: "eu-central-1",
      tracing: true,
      placeholders: [],
    });
  });

  it("refuse a value given but malformed instead of deploying it", () => {
    expect(() => configOf({ senderAddress: "not an address" })).toThrow(/senderAddress/);
    expect(() => configOf({ alarmEmail: "ops" })).toThrow(/alarmEmail/);
    expect(() => configOf({ inboundDomain: "reply_example" })).toThrow(/inboundDomain/);
    expect(() => configOf({ monthlyBudgetUsd: "-5" })).toThrow(/monthlyBudgetUsd/);
    expect(() => configOf({ baseUrl: "http://insecure.example.org" })).toThrow(/baseUrl/);
  });

  it("name the assistant's model: the global Claude Haiku profile unless -c assistantModel or RSVP_BEDROCK_MODEL says", () => {
    expect(configOf({}).assistantModel).toBe("global.anthropic.claude-haiku-4-5-20251001-v1:0");
    expect(
      configOf({}, { RSVP_BEDROCK_MODEL: "eu.anthropic.claude-haiku-4-5-20251001-v1:0" }).assistantModel,
    ).toBe("eu.anthropic.claude-haiku-4-5-20251001-v1:0");
    expect(configOf({ assistantModel: "default" }, { RSVP_BEDROCK_MODEL: "other" }).assistantModel).toBe(
      "global.anthropic.claude-haiku-4-5-20251001-v1:0",
    );
    expect(() => configOf({ assistantModel: "not a model id" })).toThrow(/assistantModel/);
  });
});
