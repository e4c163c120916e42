import { describe, expect, it } from "vitest";
import { parseSendJob, sendJobBody } from "../../contracts/send-job.ts";
import { claimVerdict, nextSendStep, throttleBackoffSeconds } from "../../core/send-jobs.ts";

const now = new Date("2027-05-03T10:00:00.000Z");
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();

describe("a send job's next step", () => {
  it("an email sent, or sent before, is done", () => {
    expect(nextSendStep({ kind: "sent" }, 0, now, 0)).toEqual({ kind: "done" });
    expect(nextSendStep({ kind: "duplicate" }, 3, now, 0)).toEqual({ kind: "done" });
  });

  it("an email whose guest was erased since it was queued is done: never sent, never retried", () => {
    expect(nextSendStep({ kind: "erased" }, 2, now, 0)).toEqual({ kind: "done" });
  });

  it("a throttled email waits 1, 2, 4 … seconds, at most about a minute, however often SES asks", () => {
    const waits = [0, 1, 2, 3, 10, 1000].map((attempt) =>
      nextSendStep({ kind: "throttled" }, attempt, now, 0),
    );
    expect(waits.map((w) => (w.kind === "later" ? w.delaySeconds : null))).toEqual([1, 2, 4, 8, 60, 60]);
    expect(waits.map((w) => (w.kind === "later" ? w.attempt : null))).toEqual([1, 2, 3, 4, 11, 1001]);
    expect(throttleBackoffSeconds(6, 1)).toBe(75);
  });

  it("a key another delivery holds comes back a second after its lease runs out", () => {
    const until = new Date(now.getTime() + 42_500);
    expect(nextSendStep({ kind: "held", until }, 0, now, 0)).toEqual({
      kind: "later",
      delaySeconds: 44,
      attempt: 1,
    });
  });

  it("any other refusal fails the delivery (the queue redelivers it, then sets it aside)", () => {
    expect(nextSendStep({ kind: "failed", error: "MessageRejected" }, 0, now, 0)).toEqual({
      kind: "fail",
      error: "MessageRejected",
    });
  });
});

describe("a mail claim that refused ours", () => {
  it("sent: a duplicate; sending within its lease: held until the lease ends; past it or gone: claim again", () => {
    expect(claimVerdict({ state: "sent", claimedAt: ago(1_000) }, now, 60_000)).toEqual({
      kind: "duplicate",
    });
    expect(claimVerdict({ state: "sending", claimedAt: ago(10_000) }, now, 60_000)).toEqual({
      kind: "held",
      until: new Date(now.getTime() + 50_000),
    });
    expect(claimVerdict({ state: "sending", claimedAt: ago(60_000) }, now, 60_000)).toEqual({
      kind: "retry",
    });
    expect(claimVerdict(null, now, 60_000)).toEqual({ kind: "retry" });
  });
});

describe("a send job's body", () => {
  it("reads back what was queued, and says why a body is no job", () => {
    const email = {
      key: "g1/2",
      eventId: "ev1",
      guestId: "g1",
      to: "ana@example.org",
      subject: "You're in",
      text: "…",
      html: "<p>…</p>",
      links: {},
      attachments: [],
      headers: {},
    };
    expect(parseSendJob(sendJobBody({ v: 1, email, attempt: 2 }))).toEqual({
      ok: true,
      job: { v: 1, email, attempt: 2 },
    });
    expect(parseSendJob("{")).toEqual({ ok: false, error: "the body is not JSON" });
    expect(parseSendJob(JSON.stringify({ v: 1, email: { ...email, to: "" } })).ok).toBe(false);
  });
});
