/**
 * The narrow race docs/privacy.md named: the feedback function reads the guest's row (not erased), the erase
 * commits and the streams function moves her records to the erased address, and only then does the feedback
 * function's write land, with the address SES reported. It reads her row again after its write and moves what
 * it wrote itself.
 */
import { afterEach, describe, expect, inject, it } from "vitest";
import { guestErasures } from "../../adapters/aws/guest-erasures.ts";
import { guestIdFor } from "../../core/guest-decisions.ts";
import { erasedAddress } from "../../core/guest-erasure.ts";
import { awsEnv } from "../../runtime/aws/env.ts";
import { feedbackHandler } from "../../runtime/aws/feedback.ts";
import type { AwsLocalRuntime } from "../../tools/aws-local/aws-local-runtime.ts";
import { dynamoLocalClient } from "../helpers/dynamo-local.ts";
import { eraseGuest, messageGuests, register } from "../helpers/factories.ts";
import { type Lifecycle, startAwsLifecycle } from "../helpers/lifecycle-harness.ts";
import { mailTableOf, sesBounce } from "../helpers/ses-reports.ts";

const endpoint = inject("dynamoEndpoint");
const silent = { info() {} };

describe.skipIf(startAwsLifecycle === null)(
  "a bounce whose guest is erased while it is being recorded, on AWS",
  () => {
    let life: Lifecycle<AwsLocalRuntime>;
    afterEach(async () => {
      await life.stop();
    });

    it("ends under the erased address even when the write lands after the streams function moved her records", async () => {
      life = await startAwsLifecycle!({ capacity: 5 }, {});
      const dynamo = dynamoLocalClient(endpoint as string);
      const { problems, items } = mailTableOf(life.rt, dynamo);
      try {
        const ana = register(life.eventId, "Ana.Lima@example.org", "Ana Lima");
        await life.send(ana, messageGuests(life.eventId, "Parking", "Use the back entrance."));
        const [, anaMessage] = life.rt.ses.sent.filter((m) => m.to.includes("Ana.Lima@example.org"));
        expect(anaMessage).toBeTruthy();
        const anaId = guestIdFor(life.eventId, ana.commandId);

        // The erase commits (and the streams function runs) right after the feedback function's first read.
        const readRow = guestErasures(dynamo, life.rt.env[awsEnv.guestTable] as string);
        let reads = 0;
        const feedback = feedbackHandler({
          problems,
          logger: silent,
          guestOf: async (eventId, guestId) => {
            const row = await readRow(eventId, guestId);
            if (++reads === 1) {
              expect(row?.erasedAt).toBeUndefined();
              await life.send(
                eraseGuest(life.eventId, anaId, {
                  commandId: `erase-${ana.commandId}`,
                  issuedAt: life.clock.now(),
                }),
              );
            }
            return row;
          },
        });
        await feedback(sesBounce(anaMessage!, "2026-12-06T10:00:05.000Z"));
        // Delivered twice (EventBridge delivers at least once): the same one record, still without her address.
        await feedback(sesBounce(anaMessage!, "2026-12-06T10:00:05.000Z"));

        expect(JSON.stringify(await items()).toLowerCase()).not.toContain("ana.lima");
        const listed = await problems.list(life.eventId);
        expect(listed.map((p) => [p.email, p.kind])).toEqual([[erasedAddress(anaId), "bounce"]]);
      } finally {
        dynamo.destroy();
      }
    });
  },
);
