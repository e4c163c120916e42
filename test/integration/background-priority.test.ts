import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { backgroundNice, niceFrom } from "../../runtime/embedded/thread-priority.ts";
import { createEventCli, register, settleStatuses } from "./cli-harness.ts";
import { useServers } from "./server-fixture.ts";

/**
 * Issue 17: the background gives way to the request thread when both want a core (a person waiting for a page
 * comes before the keeper's seats and the emails, which have seconds to spare). On Linux, where a nice value
 * belongs to one thread, `rsvp start`'s background thread runs at `backgroundNice`, its request thread at 0.
 */
const servers = useServers("rsvp-bg-priority-");

/** Each thread of a live process: its name and nice value (`/proc/<pid>/task/<tid>/stat`, field 19). */
function threadNice(pid: number): { name: string; nice: number }[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { name: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")), nice: Number(fields[16]) };
  });
}

describe.runIf(process.platform === "linux")("the background thread's priority", () => {
  it("runs below the request thread's, and still applies what the request thread took", async () => {
    const dataDir = servers.tempDataDir();
    const event = await createEventCli(dataDir, { capacity: 5 });
    const server = await servers.start(dataDir);

    const threads = threadNice(server.pid);
    const request = threads.find((t) => t.name === "MainThread" || t.name === "node")?.nice;
    const background = threads.find((t) => t.name === "WorkerThread")?.nice;
    expect(request).toBe(0);
    expect(background).toBe(backgroundNice);
    // "Below" as the kernel holds it (the values read above), not as the setting says.
    expect(background).toBeGreaterThan(request ?? 0);

    const reply = await register(server.url, event.eventId, { name: "Ana", email: "ana@example.org" });
    expect(reply.status).toBe(202);
    expect([...(await settleStatuses(server.url, [reply.statusUrl!])).values()]).toEqual(["confirmed"]);
  });
});

describe("RSVP_BACKGROUND_NICE", () => {
  it("takes a whole nice value from 0 to 19, and 5 for anything else", () => {
    expect(niceFrom(undefined)).toBe(5);
    expect(niceFrom("0")).toBe(0);
    expect(niceFrom("19")).toBe(19);
    for (const bad of ["", "20", "-1", "2.5", "high"]) expect(niceFrom(bad)).toBe(5);
  });
});
