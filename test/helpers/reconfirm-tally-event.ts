import type { EventRecord } from "../../contracts/event.ts";
import { EventSettings } from "../../contracts/settings.ts";
import { hashHostToken } from "../../core/host-token.ts";
import { baseTime } from "./factories.ts";
import type { Lifecycle } from "./lifecycle-harness.ts";

/**
 * The event the reconfirm-live tests (test/e2e/reconfirm-live*.test.ts) share: three days out, seats for three,
 * the reconfirmed count kept on its row (core/reconfirm-tally.ts), and, with `reconfirm`, the "still coming?"
 * ask two days before.
 */
const HOUR = 3_600_000;
const startsAt = new Date(baseTime.getTime() + 72 * HOUR).toISOString();
const askAt = baseTime.getTime() + 24 * HOUR;

/** Starts the runtime (`start`, from onEachRuntime) with the event, and registers `guests` in that order. */
export async function startTallyEvent(
  start: (overrides?: Partial<EventRecord>) => Promise<Lifecycle>,
  hostToken: string,
  options: { reconfirm: boolean; guests: readonly string[] },
): Promise<Lifecycle> {
  const life = await start({
    name: "Summer party",
    startsAt,
    capacity: 3,
    ...(options.reconfirm ? { settings: EventSettings.parse({ reconfirm: { daysBefore: 2 } }) } : {}),
    hostTokenHash: hashHostToken(hostToken),
    reconfirmTally: { asked: 0, reconfirmed: 0 },
  });
  await life.registerAll(options.guests);
  return life;
}

/** Runs the clock (in 6-hour steps) to a minute after the ask is due. */
export const pastTheAsk = (life: Lifecycle) =>
  life.advance(askAt + 60_000 - life.clock.now().getTime(), 6 * HOUR);
