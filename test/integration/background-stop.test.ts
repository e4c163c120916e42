import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { SqliteMailOutbox } from "../../adapters/local/sqlite-mail-outbox.ts";
import { systemClock } from "../../core/ports.ts";
import { startBackground } from "../../runtime/embedded/background.ts";
import { hostedEvent, register } from "../helpers/factories.ts";
import { scratchDataDir } from "../helpers/scratch-data-dir.ts";

/**
 * A stop (SIGTERM to `rsvp start`) after a rush: every queued registration is decided before the process exits,
 * but the emails about them are rendered for `stopDrainMs` at most; the rest go out after the next start, each
 * once.
 */
const scratch = scratchDataDir("bg-stop");
/** More than two of the feed's pages (500 changes each). */
const guests = 1_200;

describe("stopping the background with a backlog of emails", () => {
  it("decides every queued seat, leaves the rest of the emails to the next start, and sends each once", async () => {
    const stores = scratch.open();
    const { event } = hostedEvent({ capacity: guests });
    await stores.store.createEvent(event);
    await stores.queue.send(
      Array.from({ length: guests }, (_, i) =>
        register(event.eventId, `guest${i}@example.org`, `Guest ${i}`),
      ),
    );
    const deps = {
      stores,
      dataDir: scratch.dir(),
      clock: systemClock,
      logger: pino({ level: "silent" }),
      baseUrl: () => "http://rsvp.test",
    };

    await startBackground({ ...deps, stopDrainMs: 0 }).stop();

    const decided = await stores.store.listGuests(event.eventId);
    expect(decided.filter((g) => g.status === "confirmed")).toHaveLength(guests);
    const outbox = new SqliteMailOutbox(stores.db);
    const sentBefore = (await outbox.list({ eventId: event.eventId, limit: 10 * guests })).length;
    expect(sentBefore, "the stop did not wait for every email").toBeLessThan(guests);

    const again = startBackground(deps);
    await again.idle();
    await again.stop();
    const emails = await outbox.list({ eventId: event.eventId, limit: 10 * guests });
    const confirmations = emails.filter((e) => e.subject.startsWith("You're in"));
    expect(confirmations).toHaveLength(guests);
    expect(new Set(confirmations.map((e) => e.to)).size).toBe(guests);
  });
});
