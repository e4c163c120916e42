import { afterEach, describe, expect, it } from "vitest";
import { eventEnd } from "../../contracts/event.ts";
import { EventSettings } from "../../contracts/settings.ts";
import { timerNames } from "../../core/timer-plan.ts";
import type { AwsLocalRuntime } from "../../tools/aws-local/aws-local-runtime.ts";
import { baseTime, cancel } from "../helpers/factories.ts";
import { type Lifecycle, startAwsLifecycle } from "../helpers/lifecycle-harness.ts";

// EventBridge Scheduler fires a schedule anywhere in its minute ("a schedule set for 1:00 fires between
// 1:00:00 and 1:00:59") and may deliver it twice. Here the in-process Scheduler fires every schedule at the
// first second of its minute, so one set for hh:mm:30 comes half a minute early, and delivers each twice.

const MINUTE = 60_000;
const DAY = 86_400_000;

describe.skipIf(startAwsLifecycle === null)("timers that fire early or twice on the AWS runtime", () => {
  let life: Lifecycle<AwsLocalRuntime>;
  afterEach(async () => {
    await life.stop();
  });

  const start = (overrides = {}) =>
    startAwsLifecycle!(overrides, { schedulerWindow: { within: "earliest", twice: 1 } });

  it("an offer's expiry that comes half a minute early is booked again: the seat lapses and passes on, once", async () => {
    life = await start({ capacity: 1 });
    await life.registerAll(["holder@example.org", "b@example.org", "c@example.org"]);
    // Offers made at hh:mm:30 expire at hh:mm:30 six hours on, in the middle of their minute.
    life.clock.advance(30_000);
    await life.send(cancel(life.eventId, (await life.guest("holder@example.org")).guestId));
    const b = await life.guest("b@example.org");
    expect(b.status).toBe("offered");
    const expiresAt = Date.parse(b.offer!.expiresAt);
    expect(expiresAt % MINUTE).toBe(30_000);

    // The expiry fires at the start of its minute, 30 s before the offer ends: the seat stays held.
    life.clock.set(new Date(expiresAt - 30_000));
    await life.rt.tick();
    expect(life.rt.scheduler.early).toBe(1);
    expect(await life.statusOf("b@example.org")).toBe("offered");
    // Not recorded as applied (the command id would swallow every later copy), but booked again.
    expect(await life.outcome(`timer-${timerNames.expireOffer(b.guestId)}`)).toBeUndefined();
    const retry = life.rt.scheduler.list(life.eventId).filter((s) => s.name.startsWith("retry-"));
    expect(retry.map((s) => s.at.getTime())).toEqual([expiresAt + 30_000]);

    await life.advance(2 * MINUTE, 10_000);
    expect(await life.statusOf("b@example.org")).toBe("lapsed");
    expect(await life.outcome(`timer-${timerNames.expireOffer(b.guestId)}`)).toEqual({
      kind: "lapsed",
      guestId: b.guestId,
    });
    expect(await life.statusOf("c@example.org")).toBe("offered");
    // Every copy of the timer (two deliveries of each schedule) acted once: one seat held, no one lost.
    expect(await life.current()).toMatchObject({ confirmed: 0, offered: 1, waitlisted: 0 });
    expect(life.rt.sqs.deadLetters).toEqual([]);
  });

  it("the event's end that comes early still starts the thank-you note", async () => {
    // Starts at 18:00:30 thirty days on, so it ends at 20:00:30, mid-minute.
    const startsAt = new Date(baseTime.getTime() + 30 * DAY + 6 * 3_600_000 + 30_000);
    life = await start({
      startsAt: startsAt.toISOString(),
      settings: EventSettings.parse({ thankYou: "approve" }),
    });
    await life.registerAll(["ana@example.org"]);
    const end = eventEnd(await life.current()).getTime();

    life.clock.set(new Date(end - 30_000));
    await life.rt.tick();
    expect((await life.current()).thankYou ?? null).toBeNull();

    await life.advance(2 * MINUTE, 10_000);
    expect((await life.current()).thankYou).toMatchObject({ status: "drafted" });
    expect(life.rt.sqs.deadLetters).toEqual([]);
  });
});
