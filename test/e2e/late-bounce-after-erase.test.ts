import { afterEach, describe, expect, inject, it } from "vitest";
import { guestIdFor } from "../../core/guest-decisions.ts";
import { erasedAddress } from "../../core/guest-erasure.ts";
import type { AwsLocalRuntime } from "../../tools/aws-local/aws-local-runtime.ts";
import { dynamoLocalClient } from "../helpers/dynamo-local.ts";
import { eraseGuest, messageGuests, register } from "../helpers/factories.ts";
import { type Lifecycle, startAwsLifecycle } from "../helpers/lifecycle-harness.ts";
import { mailTableOf, problemsAfterAnaErased, sesBounce, sesComplaint } from "../helpers/ses-reports.ts";

const endpoint = inject("dynamoEndpoint");

describe.skipIf(startAwsLifecycle === null)("a bounce SES reports after the guest was erased, on AWS", () => {
  let life: Lifecycle<AwsLocalRuntime>;
  afterEach(async () => {
    await life.stop();
  });

  it("is recorded with the erased address: no item of the mail table holds hers; Bob's late bounce is recorded as it was", async () => {
    life = await startAwsLifecycle!({ capacity: 5 }, {});
    const dynamo = dynamoLocalClient(endpoint as string);
    const { problems, feedback, items } = mailTableOf(life.rt, dynamo);
    try {
      const bob = register(life.eventId, "bob@example.org", "Bob");
      const ana = register(life.eventId, "Ana.Lima@example.org", "Ana Lima");
      await life.send(bob, ana, messageGuests(life.eventId, "Parking", "Use the back entrance."));
      const sentTo = (address: string) => life.rt.ses.sent.filter((m) => m.to.includes(address));
      const [anaFirst, anaMessage] = sentTo("Ana.Lima@example.org");
      const [, bobMessage] = sentTo("bob@example.org");
      expect(anaFirst && anaMessage && bobMessage).toBeTruthy();

      // She erases her data before SES hears back from her mail server (or from her spam button).
      const anaId = guestIdFor(life.eventId, ana.commandId);
      await life.send(
        eraseGuest(life.eventId, anaId, { commandId: `erase-${ana.commandId}`, issuedAt: life.clock.now() }),
      );
      await feedback(sesBounce(anaMessage!, "2026-12-06T10:00:05.000Z"));
      await feedback(sesComplaint(anaFirst!, "2026-12-06T11:00:00.000Z"));
      await feedback(sesBounce(bobMessage!, "2026-12-06T10:00:06.000Z"));

      const after = JSON.stringify(await items()).toLowerCase();
      expect(after).not.toContain("ana.lima");
      const erased = erasedAddress(anaId);
      expect(await problems.list(life.eventId)).toEqual(problemsAfterAnaErased(erased));
    } finally {
      dynamo.destroy();
    }
  });
});
