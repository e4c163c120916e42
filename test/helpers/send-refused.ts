/** The send queue's dead-letter tests' opening: SES refuses Bo's address while Ana and Bo register. */
import { expect } from "vitest";
import type { AwsLocalRuntime } from "../../tools/aws-local/aws-local-runtime.ts";
import { register } from "./factories.ts";
import type { Lifecycle } from "./lifecycle-harness.ts";

/** Ana and Bo register while SES refuses bo@example.org: his confirmation fails every receive and is set aside. */
export async function boRefusedAndSetAside(life: Lifecycle<AwsLocalRuntime>): Promise<void> {
  life.rt.ses.rejectFor.add("bo@example.org");
  await life.rt.queue.send([
    register(life.eventId, "ana@example.org", "Ana"),
    register(life.eventId, "bo@example.org", "Bo"),
  ]);
  // Not `settle`, which fails on a dead letter: waits out the visibility timeouts on the fake clock.
  await life.rt.idle();
  expect(life.rt.sendQueue.deadLetters).toHaveLength(1);
}
