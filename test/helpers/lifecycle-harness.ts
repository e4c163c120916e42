import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { SqliteMailOutbox } from "../../adapters/local/sqlite-mail-outbox.ts";
import type { Command } from "../../contracts/command.ts";
import { emailKey } from "../../contracts/common.ts";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import type { Outcome } from "../../contracts/outcome.ts";
import type { StoredEmail } from "../../core/ports.ts";
import { type EmbeddedRuntime, startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import { fakeClock, newEvent, register } from "./factories.ts";

/**
 * The whole embedded runtime in-process, on a real SQLite file, driven by a fake clock: commands go in
 * through the queue, `settle()` waits until the keeper, the change feed and every command the handlers
 * queued are done, and `advance()` moves the clock and fires whatever timers fell due.
 */
export class Lifecycle {
  readonly clock = fakeClock();
  readonly dir = mkdtempSync(join(tmpdir(), "rsvp-lifecycle-"));
  rt!: EmbeddedRuntime;
  event!: EventRecord;

  static async start(overrides: Partial<EventRecord> = {}): Promise<Lifecycle> {
    const life = new Lifecycle();
    life.rt = await startEmbedded({
      dataDir: life.dir,
      http: false,
      clock: life.clock,
      logger: pino({ level: "silent" }),
    });
    life.event = newEvent(overrides);
    await life.rt.store.createEvent(life.event);
    await life.settle();
    return life;
  }

  async stop(): Promise<void> {
    await this.rt.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  get eventId(): string {
    return this.event.eventId;
  }

  async send(...commands: Command[]): Promise<void> {
    await this.rt.queue.send(commands);
    await this.settle();
  }

  settle(): Promise<void> {
    return this.rt.idle();
  }

  /** Moves the clock by `ms` in steps no longer than `step`, firing due timers at every step. */
  async advance(ms: number, step = 15 * 60_000): Promise<void> {
    const end = this.clock.now().getTime() + ms;
    while (this.clock.now().getTime() < end) {
      this.clock.set(new Date(Math.min(end, this.clock.now().getTime() + step)));
      await this.rt.tick();
    }
  }

  /** Registers people in order, each settled before the next, and returns their guest rows. */
  async registerAll(emails: readonly string[]): Promise<GuestRecord[]> {
    for (const email of emails) await this.send(register(this.eventId, email, email.split("@")[0]));
    return Promise.all(emails.map((e) => this.guest(e)));
  }

  async guest(email: string): Promise<GuestRecord> {
    const found = (await this.rt.store.listGuests(this.eventId)).find((g) => g.emailKey === emailKey(email));
    if (!found) throw new Error(`no guest ${email}`);
    return found;
  }

  async statusOf(email: string): Promise<string> {
    return (await this.guest(email)).status;
  }

  async current(): Promise<EventRecord> {
    const e = await this.rt.store.getEvent(this.eventId);
    if (!e) throw new Error("event gone");
    return e;
  }

  async outcome(commandId: string): Promise<Outcome | undefined> {
    return (await this.rt.store.getCommandResult(this.eventId, commandId))?.outcome;
  }

  /** Every email of this event, oldest first; `to` picks one recipient's. */
  async mail(to?: string): Promise<StoredEmail[]> {
    const all = await new SqliteMailOutbox(this.rt.db).list({ eventId: this.eventId, limit: 1_000 });
    return all.reverse().filter((m) => !to || m.to === to);
  }

  /** Opens a link as a browser would: GET the page, then press its one button (a POST to the same URL). */
  async follow(link: string): Promise<{ page: string; done: string }> {
    const url = new URL(link, "http://rsvp.test");
    const accept = { accept: "text/html" };
    const get = await this.rt.fetch(new Request(url, { headers: accept }));
    const page = await get.text();
    if (get.status !== 200) throw new Error(`GET ${url.pathname} → ${get.status}: ${page}`);
    const post = await this.rt.fetch(
      new Request(url, {
        method: "POST",
        headers: { ...accept, "content-type": "application/x-www-form-urlencoded" },
        body: "",
      }),
    );
    if (post.status !== 303) throw new Error(`POST ${url.pathname} → ${post.status}`);
    await this.settle();
    const done = await this.rt.fetch(
      new Request(new URL(post.headers.get("location")!, url), { headers: accept }),
    );
    return { page, done: await done.text() };
  }

  timerNames(): string[] {
    return this.rt.timers.list(this.eventId).map((t) => t.name);
  }
}
