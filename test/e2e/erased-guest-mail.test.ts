import { afterEach, describe, expect, it } from "vitest";
import { Command } from "../../contracts/command.ts";
import { guestIdFor } from "../../core/guest-decisions.ts";
import type { AwsLocalRuntime } from "../../tools/aws-local/aws-local-runtime.ts";
import { baseTime, eraseGuest, messageGuests, register } from "../helpers/factories.ts";
import { type Lifecycle, onEachRuntime, startAwsLifecycle } from "../helpers/lifecycle-harness.ts";

/**
 * After a guest's data is erased, nothing more goes to them: not what a change before the erase asked for in the
 * same batch, and (AWS) not the send jobs queued before it. The embedded delivery loop's own race (an erase
 * while it sends the emails before hers) is in test/integration/erased-guest-delivery.test.ts.
 */

/** Ana's own erase button, pressed for the guest her registration `registration` made. */
const eraseOf = (registration: Command) =>
  eraseGuest(registration.eventId, guestIdFor(registration.eventId, registration.commandId), {
    commandId: `erase-${registration.commandId}`,
    issuedAt: new Date(baseTime.getTime() + 1_000),
  });

onEachRuntime((start) => {
  it("a guest erased in the same batch as her registration is sent nothing, and no kept email holds her address", async () => {
    const life = await start({ capacity: 5 });
    const bob = register(life.eventId, "bob@example.org", "Bob");
    const ana = register(life.eventId, "ana@example.org", "Ana Lima");
    // One send: the keeper applies the three in one batch, and the change feed hands their changes over together.
    await life.send(bob, ana, eraseOf(ana));

    expect((await life.guest("bob@example.org")).status).toBe("confirmed");
    expect(
      (await life.rt.store.listGuests(life.eventId)).filter((g) => g.erasedAt !== undefined),
    ).toHaveLength(1);
    expect(await life.mail("ana@example.org")).toEqual([]);
    expect(JSON.stringify(await life.mail())).not.toContain("ana@example.org");
    expect((await life.mail("bob@example.org")).map((m) => m.subject)).toEqual([
      `You're in: ${life.event.name}`,
    ]);
  });

  it("an erased guest's reminders are cancelled, and a reminder that fires all the same (a schedule already on its way) sends her nothing", async () => {
    const life = await start({ capacity: 5 });
    const ana = register(life.eventId, "ana@example.org", "Ana Lima");
    await life.send(ana);
    const anaId = guestIdFor(life.eventId, ana.commandId);
    expect(life.timerNames()).toContain(`remind-week-${anaId}`);
    const mailed = (await life.mail("ana@example.org")).length;

    await life.send(eraseOf(ana));
    expect(life.timerNames().filter((name) => name.includes(anaId))).toEqual([]);
    const emailsBefore = (await life.mail()).length;
    const late = Command.parse({
      type: "notify",
      eventId: life.eventId,
      guestId: anaId,
      notice: "reminder-week",
      commandId: `timer-remind-week-${anaId}`,
      issuedAt: life.clock.now().toISOString(),
      lane: "timer",
    });
    await life.send(late);
    expect(await life.outcome(late.commandId)).toMatchObject({ kind: "refused" });
    expect(await life.mail()).toHaveLength(emailsBefore);
    // (The embedded outbox blanks what it kept of hers, so it may show fewer than before the erase.)
    expect((await life.mail("ana@example.org")).length).toBeLessThanOrEqual(mailed);
  });
});

describe.skipIf(startAwsLifecycle === null)("send jobs queued before an erase, on the AWS runtime", () => {
  let life: Lifecycle<AwsLocalRuntime>;
  afterEach(async () => {
    await life.stop();
  });

  it("her confirmation and a host message waiting on the send queue are never sent once she is erased; Bob's are", async () => {
    life = await startAwsLifecycle!({ capacity: 5 }, {});
    const bob = register(life.eventId, "bob@example.org", "Bob");
    const ana = register(life.eventId, "ana@example.org", "Ana Lima");
    await life.rt.queue.send([bob, ana, messageGuests(life.eventId, "Parking", "Use the back entrance.")]);
    // The keeper and the streams function ran: four emails wait as send jobs, none sent yet.
    await life.rt.drainCommands();
    expect(life.rt.sendQueue.visibleDepth()).toBe(4);
    expect(await life.mail()).toEqual([]);

    await life.rt.queue.send([eraseOf(ana)]);
    await life.rt.drainCommands();
    await life.settle();

    expect(await life.mail("ana@example.org")).toEqual([]);
    expect((await life.mail("bob@example.org")).map((m) => m.subject).sort()).toEqual(
      [`${life.event.name}: Parking`, `You're in: ${life.event.name}`].sort(),
    );
    // Dropped, not failed: nothing waits or is set aside for her.
    expect(life.rt.sendQueue.visibleDepth()).toBe(0);
    expect(life.rt.sendQueue.deadLetters).toEqual([]);
  });
});
