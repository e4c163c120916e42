import { afterEach, describe, expect, inject, it } from "vitest";
import { eventTag } from "../../adapters/aws/delivery-feedback.ts";
import { guestIdFor } from "../../core/guest-decisions.ts";
import { erasedAddress } from "../../core/guest-erasure.ts";
import type { AwsLocalRuntime } from "../../tools/aws-local/aws-local-runtime.ts";
import { dynamoLocalClient } from "../helpers/dynamo-local.ts";
import { eraseGuest, messageGuests, register } from "../helpers/factories.ts";
import { type Lifecycle, startAwsLifecycle } from "../helpers/lifecycle-harness.ts";
import { mailTableOf, problemsAfterAnaErased, sesBounce, sesComplaint } from "../helpers/ses-reports.ts";

const endpoint = inject("dynamoEndpoint");

/** SES's reports on an email of `eventId` to `address` (sent before the guest tag: the event's tag only). */
const bounced = (eventId: string, address: string, at: string) =>
  sesBounce({ to: [address], tags: { [eventTag]: [eventId] } }, at);
const complained = (eventId: string, address: string, at: string) =>
  sesComplaint({ to: [address], tags: { [eventTag]: [eventId] } }, at);

describe.skipIf(startAwsLifecycle === null)(
  "an erased guest's address in the mail table, on the AWS runtime",
  () => {
    let life: Lifecycle<AwsLocalRuntime>;
    afterEach(async () => {
      await life.stop();
    });

    it("is in none of its items once she is erased: her claims never held it, her bounce and complaint name the erased address; Bob's stay as they were", async () => {
      life = await startAwsLifecycle!({ capacity: 5 }, {});
      const dynamo = dynamoLocalClient(endpoint as string);
      const { problems, feedback, items } = mailTableOf(life.rt, dynamo);
      try {
        const bob = register(life.eventId, "bob@example.org", "Bob");
        const ana = register(life.eventId, "Ana.Lima@example.org", "Ana Lima");
        await life.send(bob, ana, messageGuests(life.eventId, "Parking", "Use the back entrance."));
        expect((await life.mail("Ana.Lima@example.org")).length).toBe(2);
        // Her inbox refused one email; she marked the other as spam. Bob's bounced too.
        await feedback(bounced(life.eventId, "Ana.Lima@example.org", "2026-12-06T10:00:05.000Z"));
        await feedback(complained(life.eventId, "ana.lima@example.org", "2026-12-06T11:00:00.000Z"));
        await feedback(bounced(life.eventId, "bob@example.org", "2026-12-06T10:00:06.000Z"));
        // Sent, so claimed: four claims, and the three reports.
        expect((await items()).filter((i) => i.sk === "MAIL")).toHaveLength(4);
        expect(JSON.stringify(await items()).toLowerCase()).toContain("ana.lima@example.org");

        const anaId = guestIdFor(life.eventId, ana.commandId);
        await life.send(
          eraseGuest(life.eventId, anaId, {
            commandId: `erase-${ana.commandId}`,
            issuedAt: life.clock.now(),
          }),
        );

        const after = await items();
        expect(JSON.stringify(after).toLowerCase()).not.toContain("ana.lima@example.org");
        expect(JSON.stringify(after).toLowerCase()).not.toContain("ana.lima");
        // The claims are still there (nothing is sent twice), and the host page lists what SES reported.
        expect(after.filter((i) => i.sk === "MAIL")).toHaveLength(4);
        const erased = erasedAddress(anaId);
        expect(await problems.list(life.eventId)).toEqual(problemsAfterAnaErased(erased));
      } finally {
        dynamo.destroy();
      }
    });
  },
);
