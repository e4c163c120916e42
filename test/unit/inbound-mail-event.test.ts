import { describe, expect, it } from "vitest";
import { verifyReplyToken } from "../../core/link-token.ts";
import {
  eventIdOfMessageId,
  guestReplyAddress,
  outgoingMessageId,
  parseRsvpAddress,
} from "../../core/mail-identity.ts";
import type { InboundMailOptions } from "../../producers/email/inbound-mail.ts";
import { testKeyring } from "../helpers/link-minter.ts";
import { decide, now, rsvp } from "../helpers/reply-draft.ts";

// Which event a reply is about: the reply address, the envelope, our Message-IDs, a guest's signed address; and
// the unknown event's answer, which goes only to a sender whose domain vouches for them (no backscatter).

describe("which event", () => {
  it("is named by the reply address rsvp+EVENTID@domain, the invite's Reply-To", async () => {
    expect(await decide({ to: "RSVP+Ev_9-x@RSVP.Example.org" })).toMatchObject({
      action: "register",
      eventId: "Ev_9-x",
      email: "ana@example.org",
      name: "Ana Lima",
    });
  });

  it("or by the SMTP envelope, even when the To header names someone else", async () => {
    const d = await decide(
      { to: "friends@example.org" },
      { rsvp, now, envelope: { mailFrom: "ana@example.org", rcptTo: ["rsvp+ev-7@rsvp.example.org"] } },
    );
    expect(d).toMatchObject({ action: "register", eventId: "ev-7" });
  });

  it("or by a Message-ID of ours in In-Reply-To or References", async () => {
    const ours = outgoingMessageId("guest-1/3", "ev-42", "mail.example.org");
    expect(eventIdOfMessageId(ours)).toBe("ev-42");
    const d = await decide({
      to: "rsvp@rsvp.example.org",
      headers: { "In-Reply-To": ours, References: ours },
    });
    expect(d).toMatchObject({ action: "register", eventId: "ev-42" });
    const looked = await decide(
      { to: "rsvp@rsvp.example.org", headers: { References: "<a@x> <0100018f-ses@email.amazonses.com>" } },
      { rsvp, now, knownMessageIds: (id) => (id === "<0100018f-ses@email.amazonses.com>" ? "ev-ses" : null) },
    );
    expect(looked).toMatchObject({ action: "register", eventId: "ev-ses" });
  });

  it("an unknown event is dropped with a polite automatic answer to an authenticated sender, once per sender and day", async () => {
    // Changed by issue 13: only a sender whose domain vouches for them (DMARC pass) is answered, and the
    // answer repeats nothing of the message (it used to echo the subject as "Re: …").
    const authenticated: InboundMailOptions = { rsvp, now, dmarc: "pass" };
    const d = await decide(
      { to: "rsvp@rsvp.example.org", headers: { "Reply-To": "someone-else@example.org" } },
      authenticated,
    );
    expect(d).toMatchObject({
      action: "drop",
      reason: "unknown-event",
      email: "ana@example.org",
      eventId: null,
    });
    if (d.action !== "drop" || !d.autoReply) throw new Error("expected an answer");
    expect(d.autoReply.to).toBe("ana@example.org");
    expect(d.autoReply.subject).toBe("Your message to rsvp");
    expect(d.autoReply.headers).toMatchObject({
      "Auto-Submitted": "auto-replied",
      "In-Reply-To": "<reply-1@example.org>",
    });
    expect(d.autoReply.text).toContain("could not tell which event");
    expect(d.autoReply.text).not.toContain("Ana");
    const again = await decide(
      { to: "rsvp@rsvp.example.org", headers: { "Message-ID": "<other@example.org>" } },
      authenticated,
    );
    expect(again.action === "drop" && again.autoReply?.key).toBe(d.autoReply.key);
  });

  it("an unknown event from a sender nobody vouches for gets no answer: no backscatter to a forged address", async () => {
    for (const dmarc of [undefined, "none", "fail"] as const) {
      const d = await decide(
        {
          to: "rsvp@rsvp.example.org",
          subject: "Buy now at spam.example",
          from: '"Click here" <victim@example.org>',
        },
        { rsvp, now, ...(dmarc ? { dmarc } : {}) },
      );
      expect(d).toMatchObject({ action: "drop", reason: "unknown-event", autoReply: null });
    }
  });

  it("a reply to a host's message, or to the reply address of one, is never an RSVP action", async () => {
    const hostMessage = outgoingMessageId("cmd-1/guest-1", "ev-42", "mail.example.org", "host-message");
    expect(eventIdOfMessageId(hostMessage)).toBe("ev-42");
    const quoted = await decide({
      to: "rsvp+ev-42@rsvp.example.org",
      body: "Sorry, I can't make it.",
      headers: { "In-Reply-To": hostMessage, References: hostMessage },
    });
    expect(quoted).toMatchObject({ action: "drop", reason: "reply-to-host" });
    const keyring = testKeyring();
    const hostAddress = guestReplyAddress(
      { eventId: "ev-42", guestId: "guest-1", purpose: "host" },
      keyring,
      rsvp,
    )!;
    const toHostAddress = await decide({ to: hostAddress, body: "Sorry, I can't make it." });
    expect(toHostAddress).toMatchObject({ action: "drop", reason: "reply-to-host" });
  });

  it("a guest's signed reply address names the event and carries its token (verified later, by the lane)", async () => {
    const keyring = testKeyring();
    const address = guestReplyAddress(
      { eventId: "k2h8q0z1m3x9c7", guestId: "PxV0o2sQm2oRkbiJ3fKbTw", purpose: "rsvp" },
      keyring,
      rsvp,
    )!;
    // As rsvp mints ids (14 and 22 characters), the address fits the 64 characters of a local part.
    expect(address.split("@")[0]!.length).toBeLessThanOrEqual(64);
    const d = await decide({ to: address });
    expect(d).toMatchObject({ action: "register", eventId: "k2h8q0z1m3x9c7" });
    const token = d.action === "register" ? d.replyToken : null;
    expect(verifyReplyToken(token!, keyring)).toEqual({
      ok: true,
      claims: { eventId: "k2h8q0z1m3x9c7", guestId: "PxV0o2sQm2oRkbiJ3fKbTw", purpose: "rsvp" },
    });
    // Any change (a case change in transit, another guest's id, another key) fails.
    expect(verifyReplyToken(token!.toLowerCase(), keyring).ok).toBe(false);
    expect(verifyReplyToken(token!.replace("PxV0", "PxV1"), keyring)).toEqual({
      ok: false,
      reason: "bad-signature",
    });
    expect(verifyReplyToken(token!, testKeyring()).ok).toBe(false);
    // After a rotation the address still verifies while its key is in the ring.
    const rotated = {
      current: { kid: "next", secret: testKeyring().current.secret },
      previous: [keyring.current],
    };
    expect(verifyReplyToken(token!, rotated).ok).toBe(true);
    // Ids too long to fit: no signed address (the event's address is used instead).
    expect(
      guestReplyAddress({ eventId: "e".repeat(30), guestId: "g".repeat(22), purpose: "rsvp" }, keyring, rsvp),
    ).toBeNull();
  });

  it("an address of another domain or mailbox names no event", () => {
    expect(parseRsvpAddress("rsvp+ev-1@other.example", rsvp)).toBeNull();
    expect(parseRsvpAddress("hello+ev-1@rsvp.example.org", rsvp)).toBeNull();
    expect(parseRsvpAddress("rsvp+bad.tag@rsvp.example.org", rsvp)).toBeNull();
    expect(parseRsvpAddress("rsvp@rsvp.example.org", rsvp)).toEqual({ eventId: null });
  });
});
