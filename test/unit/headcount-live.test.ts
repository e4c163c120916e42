import { afterEach, describe, expect, it, vi } from "vitest";
import type { EventRecord } from "../../contracts/event.ts";
import { headcountLive } from "../../producers/web/headcount-live.ts";
import { hostedEvent } from "../helpers/factories.ts";

afterEach(() => {
  vi.useRealTimers();
});

/** A host link's event as the store would read it, its version moved by `bump`; `reads` counts the reads. */
function storeOf(event: EventRecord) {
  let current: EventRecord | null = event;
  const counts = { reads: 0 };
  return {
    counts,
    read: async () => {
      counts.reads += 1;
      return current;
    },
    bump: () => {
      if (current) current = { ...current, version: current.version + 1 };
    },
    forget: () => {
      current = null;
    },
  };
}

const listener = () => {
  const heard: number[] = [];
  const ends = { count: 0 };
  return { heard, ends, onChange: (e: EventRecord) => heard.push(e.version), onEnd: () => ends.count++ };
};

describe("the live headcount's watchers", () => {
  it("every stream of a host link shares one read per interval, and hears only a moved version", async () => {
    vi.useFakeTimers();
    const live = headcountLive({ readEveryMs: 1_000, maxPerLink: 50 });
    const { event } = hostedEvent();
    const store = storeOf(event);
    const pages = Array.from({ length: 50 }, listener);
    for (const page of pages) expect("watch" in live.open("token", store.read, page)).toBe(true);

    await vi.advanceTimersByTimeAsync(3_000);
    expect(store.counts.reads).toBe(3);
    // The first read names the version the streams started from; nothing moved after it.
    for (const page of pages) expect(page.heard).toEqual([event.version]);

    store.bump();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(store.counts.reads).toBe(4);
    for (const page of pages) expect(page.heard).toEqual([event.version, event.version + 1]);
    expect(live.current("token")?.version).toBe(event.version + 1);
    live.close();
  });

  it("the watcher stops with its last stream", async () => {
    vi.useFakeTimers();
    const live = headcountLive({ readEveryMs: 1_000 });
    const store = storeOf(hostedEvent().event);
    const a = live.open("token", store.read, listener());
    const b = live.open("token", store.read, listener());
    if (!("watch" in a) || !("watch" in b)) throw new Error("refused");
    a.watch.leave();
    a.watch.leave();
    expect(live.streams()).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(store.counts.reads).toBe(1);
    b.watch.leave();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(store.counts.reads).toBe(1);
    expect(live.current("token")).toBeNull();
    expect(live.streams()).toBe(0);
  });

  it("a link that stops opening its event ends its streams; a stop ends all and refuses new ones", async () => {
    vi.useFakeTimers();
    const live = headcountLive({ readEveryMs: 1_000, maxPerLink: 1, maxStreams: 2 });
    const gone = storeOf(hostedEvent().event);
    const kept = storeOf(hostedEvent().event);
    const goneListener = listener();
    const keptListener = listener();
    live.open("gone", gone.read, goneListener);
    live.open("kept", kept.read, keptListener);
    expect(live.open("kept", kept.read, listener())).toEqual({ refused: "link" });
    expect(live.open("third", kept.read, listener())).toEqual({ refused: "server" });

    gone.forget();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(goneListener.ends.count).toBe(1);
    expect(keptListener.ends.count).toBe(0);

    live.close();
    expect(keptListener.ends.count).toBe(1);
    expect(live.open("kept", kept.read, listener())).toEqual({ refused: "server" });
  });
});
