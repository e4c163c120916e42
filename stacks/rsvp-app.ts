/**
 * The rsvp CDK app: the stateful stack, the stateless stack that receives its resources as typed props,
 * and cdk-nag's AWS Solutions checks over both. `stacks/app.ts` runs it for the CDK CLI; tests build it
 * into an App of their own.
 */
import { Annotations, type App, Tags, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { type DeployConfig, deployConfig } from "./deploy-config.ts";
import { stackNames } from "./stack-outputs.ts";
import { StatefulStack } from "./stateful-stack.ts";
import { StatelessStack } from "./stateless-stack.ts";

export interface RsvpStacks {
  config: DeployConfig;
  stateful: StatefulStack;
  stateless: StatelessStack;
}

/** Adds the rsvp stacks (and the nag checks) to `app`; parameters come from its context or `env`. */
export function buildRsvpApp(app: App, env: NodeJS.ProcessEnv = process.env): RsvpStacks {
  const config = deployConfig(app.node, env);
  const stackEnv = { account: config.account, region: config.region };
  const stateful = new StatefulStack(app, stackNames.stateful, {
    env: stackEnv,
    description: "rsvp: tables, queues, inbound-mail bucket, signing keys, timer schedule group",
  });
  const stateless = new StatelessStack(app, stackNames.stateless, {
    env: stackEnv,
    description: "rsvp: Lambda functions, Function URL, SES receiving and sending, budget alarm",
    stateful,
    config,
  });
  Tags.of(app).add("app", "rsvp");
  for (const name of config.placeholders)
    Annotations.of(stateless).addWarningV2(
      `rsvp:${name}`,
      `${name} is not set: a placeholder stands in (give -c ${name}=… to deploy)`,
    );
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { config, stateful, stateless };
}
