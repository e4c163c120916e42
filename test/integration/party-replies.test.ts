import { beforeEach, describe, expect, it } from "vitest";
import type { EventRecord } from "../../contracts/event.ts";
import { EventSettings } from "../../contracts/settings.ts";
import type { EmbeddedRuntime } from "../../runtime/embedded/embedded-runtime.ts";
import { cancel, register } from "../helpers/factories.ts";
import { laneDomain, replyLaneScenario } from "../helpers/reply-lane-scenario.ts";

/**
 * "+1", "we're 3", "wir sind zu dritt" in a guest's email reply register that party size (docs/parties.md,
 * "Email replies"); an unclear size, or one above the event's limit, takes no more seats and gets the guest
 * their party page. Real SMTP into the embedded runtime, replies as mail clients write them (quoted original,
 * attribution line, Outlook header block, mobile signature).
 */

const domain = laneDomain;
let rt: EmbeddedRuntime;
let event: EventRecord;

/** A Gmail reply: the answer on top, then "On … wrote:" and the quoted invitation. */
const gmail = (answer: string) =>
  `${answer}\n\nOn Sat, 14 Nov 2026 at 10:02, Summer party via rsvp <rsvp@${domain}> wrote:\n> You're invited to Summer party.\n> Reply to this email, or use the links below.\n> Yes, I'll come: https://${domain}/l/confirm/x\n`;

/** An Outlook reply in German: the answer, then the original under a Von:/Gesendet: block, unquoted. */
const outlookDe = (answer: string) =>
  `${answer}\n\nViele Grüße\nJonas\n\n________________________________\nVon: Sommerfest über rsvp <rsvp@${domain}>\nGesendet: Samstag, 14. November 2026 10:02\nAn: jonas@example.org\nBetreff: Einladung: Sommerfest\n\nSie sind eingeladen. Wir sind 40 Personen.\n`;

describe("party sizes in email replies", () => {
  const lane = replyLaneScenario("party-replies", {
    capacity: 10,
    settings: EventSettings.parse({ maxParty: 4 }),
  });
  const { send, guest, mailTo, replyToOf } = lane;
  beforeEach(() => {
    rt = lane.runtime();
    event = lane.event();
  });

  async function invited(email: string, name: string) {
    await rt.queue.send([register(event.eventId, email, name, { invite: true, lane: "import" })]);
    await rt.idle();
    return replyToOf(email);
  }

  it("an invited guest's \"Yes, we're 3!\" from Gmail confirms a party of 3", async () => {
    const address = await invited("ana@example.org", "Ana");
    await send({
      from: "Ana Lima <ana@example.org>",
      to: address,
      subject: "Re: You're invited: Summer party",
      text: gmail("Yes, we're 3! Looking forward to it."),
    });
    await rt.idle();
    expect(await guest("ana@example.org")).toMatchObject({ status: "confirmed", party: 3 });
    expect((await rt.store.getEvent(event.eventId))?.confirmed).toBe(3);
  });

  it('"+1" from an iPhone confirms a party of 2; the quoted "40 Personen" of a German Outlook reply is not read', async () => {
    const bo = await invited("bo@example.org", "Bo");
    await send({
      from: "Bo <bo@example.org>",
      to: bo,
      subject: "Re: You're invited: Summer party",
      text: "Yes +1\n\nSent from my iPhone\n\n> On 14 Nov 2026, at 10:02, Summer party via rsvp wrote:\n> You're invited.",
    });
    const jonas = await invited("jonas@example.org", "Jonas");
    await send({
      from: "Jonas <jonas@example.org>",
      to: jonas,
      subject: "AW: Einladung: Sommerfest",
      text: outlookDe("Hallo, gerne – wir sind zu dritt!"),
    });
    await rt.idle();
    expect(await guest("bo@example.org")).toMatchObject({ status: "confirmed", party: 2 });
    expect(await guest("jonas@example.org")).toMatchObject({ status: "confirmed", party: 3 });
  });

  it('a confirmed guest\'s "2 of us" lowers the party and frees the seat for the line', async () => {
    await rt.queue.send([register(event.eventId, "cy@example.org", "Cy", { party: 3 })]);
    await rt.queue.send([register(event.eventId, "full@example.org", "Full", { party: 4 })]);
    await rt.queue.send([register(event.eventId, "pair@example.org", "Pair", { party: 2 })]);
    await rt.queue.send([register(event.eventId, "solo@example.org", "Solo", { party: 2 })]);
    await rt.idle();
    expect((await guest("solo@example.org"))?.status).toBe("waitlisted");
    await send({
      from: "Cy <cy@example.org>",
      to: await replyToOf("cy@example.org"),
      subject: "Re: You're in: Summer party",
      text: gmail("Small change: only 2 of us can make it now."),
    });
    await rt.idle();
    expect(await guest("cy@example.org")).toMatchObject({ status: "confirmed", party: 2 });
    expect((await guest("solo@example.org"))?.status).toBe("offered");
  });

  it("an unclear size or one above the limit takes no more seats: the guest gets their party page", async () => {
    const dee = await invited("dee@example.org", "Dee");
    await send({
      from: "Dee <dee@example.org>",
      to: dee,
      subject: "Re: You're invited: Summer party",
      text: gmail("Yes! Is it ok if I bring the kids?"),
      messageId: "<dee-kids@example.org>",
    });
    const eli = await invited("eli@example.org", "Eli");
    await send({
      from: "Eli <eli@example.org>",
      to: eli,
      subject: "Re: You're invited: Summer party",
      text: gmail("Great, we're 6"),
    });
    await rt.idle();
    // Their yes stands, for the one seat the list has for them; nothing more is guessed.
    expect(await guest("dee@example.org")).toMatchObject({ status: "confirmed", party: 1 });
    expect(await guest("eli@example.org")).toMatchObject({ status: "confirmed", party: 1 });
    const ask = (await mailTo("dee@example.org")).find((m) => m.subject === "How many seats? Summer party")!;
    expect(ask.text.replace(/\s+/g, " ")).toContain("could not tell for sure how many seats you need");
    expect(ask.links.party).toMatch(/\/l\/party\//);
    expect(ask.text).not.toContain("kids");
    const limit = (await mailTo("eli@example.org")).find(
      (m) => m.subject === "How many seats? Summer party",
    )!;
    expect(limit.text.replace(/\s+/g, " ")).toContain("at most 4 seats");
  });

  it('an offered party that writes "we\'re 2 now" takes 2 of its 3 seats (a partial accept)', async () => {
    await rt.queue.send([register(event.eventId, "big@example.org", "Big", { party: 4 })]);
    await rt.queue.send([register(event.eventId, "six@example.org", "Six", { party: 4 })]);
    await rt.queue.send([register(event.eventId, "hal@example.org", "Hal", { party: 3 })]);
    await rt.idle();
    const big = await guest("big@example.org");
    await rt.queue.send([cancel(event.eventId, big!.guestId)]);
    await rt.idle();
    expect(await guest("hal@example.org")).toMatchObject({ status: "offered", party: 3 });
    await send({
      from: "Hal <hal@example.org>",
      to: await replyToOf("hal@example.org"),
      subject: "Re: A seat is free: Summer party",
      text: gmail("Yes please! We're 2 now, my brother is away that week."),
    });
    await rt.idle();
    expect(await guest("hal@example.org")).toMatchObject({ status: "confirmed", party: 2 });
    expect(await rt.store.getEvent(event.eventId)).toMatchObject({ confirmed: 6, offered: 0 });
  });
});
