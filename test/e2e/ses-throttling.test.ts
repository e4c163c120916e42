import { afterEach, describe, expect, it } from "vitest";
import type { AwsLocalRuntime } from "../../tools/aws-local/aws-local-runtime.ts";
import { messageGuests, register } from "../helpers/factories.ts";
import { type Lifecycle, startAwsLifecycle } from "../helpers/lifecycle-harness.ts";

// An SES account sends at most so many emails a second (14 by default, 1 in the sandbox) and refuses the rest
// with TooManyRequestsException. The in-process SES throttles the same way; the streams function paces its
// sends to the account's rate and rides out what SES still refuses, so a host message reaches every guest.

describe.skipIf(startAwsLifecycle === null)("emails under SES's sending rate on the AWS runtime", () => {
  let life: Lifecycle<AwsLocalRuntime>;
  afterEach(async () => {
    await life.stop();
  });

  // 20 guests at half SES's default rate: the same 3 s of pacing as 40 at 14 a second, half the writes.
  const guests = Array.from({ length: 20 }, (_, i) => `guest${i}@example.org`);
  const registerAll = () =>
    life.send(...guests.map((email) => register(life.eventId, email, email.split("@")[0])));
  const everyoneGotOne = async (subject: string) => {
    const got = (await life.mail()).filter((m) => m.subject.includes(subject)).map((m) => m.to);
    expect(got.sort()).toEqual([...guests].sort());
  };

  it("a host message to 20 guests with SES at 7 a second: all 20 sent, each once, none refused", async () => {
    life = await startAwsLifecycle!({ capacity: 50 }, { sesMaxSendRate: 7, sesSendRate: 7 });
    await registerAll();
    const before = life.clock.now().getTime();
    await life.send(messageGuests(life.eventId, "Parking", "Use the back entrance."));

    await everyoneGotOne("Parking");
    expect(life.rt.ses.throttled).toBe(0);
    // Paced: 20 emails at 7 a second take about three seconds.
    expect(life.clock.now().getTime() - before).toBeGreaterThanOrEqual(2000);
    expect(life.rt.failedStreamBatches).toEqual([]);
  });

  it("sends SES throttles anyway (another sender shares the rate) wait and go again: nothing is lost", async () => {
    life = await startAwsLifecycle!({ capacity: 50 }, { sesMaxSendRate: 2, sesSendRate: 14 });
    await registerAll();
    await life.send(messageGuests(life.eventId, "Parking", "Use the back entrance."));

    await everyoneGotOne("Parking");
    expect(life.rt.ses.throttled).toBeGreaterThan(0);
    expect(life.rt.failedStreamBatches).toEqual([]);
  });
});
