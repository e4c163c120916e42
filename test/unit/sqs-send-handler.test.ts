import type { SQSEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { type SendJob, sendJobBody } from "../../contracts/send-job.ts";
import type { OutgoingEmail } from "../../core/mail-ports.ts";
import { type SendHandlerDeps, sendHandler } from "../../runtime/aws/handlers/sqs-send-handler.ts";
import { fakeClock } from "../helpers/factories.ts";

// The Send function's handler with its SES delivery and its queue as fakes: what becomes of each job.

const email = (to: string): OutgoingEmail => ({
  key: `k/${to}`,
  eventId: "ev1",
  guestId: "g1",
  to,
  subject: "You're in",
  text: "…",
  html: "<p>…</p>",
  links: {},
  attachments: [],
  headers: {},
});
const job = (to: string, attempt = 0): SendJob => ({ v: 1, email: email(to), attempt });
const event = (...bodies: string[]): SQSEvent => ({
  Records: bodies.map((body, i) => ({
    messageId: `m${i}`,
    receiptHandle: `r${i}`,
    body,
    attributes: {
      ApproximateReceiveCount: "1",
      SentTimestamp: "0",
      SenderId: "LOCAL",
      ApproximateFirstReceiveTimestamp: "0",
    },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:local:000000000000:rsvp-send-jobs",
    awsRegion: "local",
  })),
});
const throttled = Object.assign(new Error("Maximum sending rate exceeded."), {
  name: "TooManyRequestsException",
});

function handler(deliver: SendHandlerDeps["deliver"]) {
  const clock = fakeClock();
  const later: { job: SendJob; delaySeconds: number }[] = [];
  const handle = sendHandler({
    deliver,
    isThrottled: (e) => e instanceof Error && e.name === "TooManyRequestsException",
    later: async (j, delaySeconds) => {
      later.push({ job: j, delaySeconds });
    },
    clock,
    jitter: () => 0,
  });
  return { handle, later, clock };
}

describe("the Send function's handler", () => {
  it("sends each job's email and reports nothing failed; a duplicate is done too", async () => {
    const sent: string[] = [];
    const { handle, later } = handler(async (e) => {
      sent.push(e.to);
      return e.to === "b@example.org" ? { kind: "duplicate" } : { kind: "sent" };
    });
    const response = await handle(
      event(sendJobBody(job("a@example.org")), sendJobBody(job("b@example.org"))),
    );
    expect(response).toEqual({ batchItemFailures: [] });
    expect(sent).toEqual(["a@example.org", "b@example.org"]);
    expect(later).toEqual([]);
  });

  it("puts a throttled job back with a growing delay, as handled: it never spends a receive", async () => {
    const { handle, later } = handler(async () => {
      throw throttled;
    });
    const response = await handle(event(sendJobBody(job("a@example.org", 3))));
    expect(response).toEqual({ batchItemFailures: [] });
    expect(later).toEqual([{ job: job("a@example.org", 4), delaySeconds: 8 }]);
  });

  it("puts a job whose key another delivery holds back until that lease ends", async () => {
    const { handle, later, clock } = handler(async () => ({
      kind: "held",
      until: new Date(clock.now().getTime() + 20_000),
    }));
    await handle(event(sendJobBody(job("a@example.org"))));
    expect(later).toEqual([{ job: job("a@example.org", 1), delaySeconds: 21 }]);
  });

  it("fails a job SES refuses for another reason, and a body that is no job, alone", async () => {
    const { handle, later } = handler(async (e) => {
      if (e.to === "bad@example.org")
        throw Object.assign(new Error("Email address is not verified."), { name: "MessageRejected" });
      return { kind: "sent" };
    });
    const response = await handle(
      event(sendJobBody(job("bad@example.org")), "not json", sendJobBody(job("ok@example.org"))),
    );
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: "m0" }, { itemIdentifier: "m1" }] });
    expect(later).toEqual([]);
  });
});
