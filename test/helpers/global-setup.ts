import type { TestProject } from "vitest/node";
import { javaAvailable, type RunningDynamoLocal, startDynamoLocal } from "./dynamo-local.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The DynamoDB Local endpoint for this run, or null when it could not run here (tests skip). */
    dynamoEndpoint: string | null;
  }
}

/**
 * Starts one DynamoDB Local for the whole test run; each test file makes its own table in it.
 * Without Java the DynamoDB tests skip locally, but a CI run fails: a green CI must mean they ran.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!javaAvailable()) {
    if (process.env.CI === "true")
      throw new Error("CI: Java is required to run DynamoDB Local, and none was found");
    console.warn(
      [
        "",
        "!!! ------------------------------------------------------------------ !!!",
        "!!!  No Java runtime found: DynamoDB Local cannot start.                 !!!",
        "!!!  Every DynamoDB test in this run is SKIPPED. Install a JRE (17+).    !!!",
        "!!! ------------------------------------------------------------------ !!!",
        "",
      ].join("\n"),
    );
    project.provide("dynamoEndpoint", null);
    return async () => {};
  }
  const dynamo: RunningDynamoLocal = await startDynamoLocal();
  project.provide("dynamoEndpoint", dynamo.endpoint);
  return () => dynamo.stop();
}
