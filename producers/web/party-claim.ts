import type { Context } from "hono";
import * as z from "zod";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import type { LinkAction } from "../../contracts/link.ts";
import { seatsOf } from "../../core/seat-rules.ts";
import { InvalidInputError, said } from "./errors.ts";
import { wordsFor } from "./event-view.ts";
import { isFormType, mediaTypeOf, type WebEnv } from "./negotiation.ts";
import type { Html } from "./pages.ts";
import { seatsSelect } from "./party-pages.ts";

/**
 * The party's share of the guest pages outside the party link: the manage page's link to it, and the offer
 * page's choice of seats (a partial accept: docs/parties.md).
 */

/** The party link on the manage page: for a guest on the list, at an event that lets guests bring others. */
export function partyActionFor(event: EventRecord, guest: GuestRecord): LinkAction[] {
  const canChange = event.settings.maxParty > 1 || seatsOf(guest) > 1;
  const onList = guest.status === "confirmed" || guest.status === "waitlisted" || guest.status === "pending";
  return canChange && onList ? ["party"] : [];
}

/** The offer page's choice of seats, for a party of more than one: all of them unless fewer are chosen. */
export function claimSeatsField(event: EventRecord, guest: GuestRecord): Html | null {
  const party = seatsOf(guest);
  if (guest.status !== "offered" || party <= 1) return null;
  const { t } = wordsFor(event);
  return seatsSelect({
    name: "party",
    label: t("party.claimField"),
    hint: t("party.claimHint", { count: party }),
    max: party,
    selected: party,
  });
}

const ClaimBody = z.object({ party: z.coerce.number().int().min(1).optional() });

/**
 * The seats a claim's press takes, from its form field or JSON `party`: `{ party }` when fewer than offered,
 * else nothing (all of them; a button without the field, as in older pages, takes all). Not a number: 400.
 */
export async function claimSeatsOf(c: Context<WebEnv>, guest: GuestRecord): Promise<{ party?: number }> {
  const type = mediaTypeOf(c.req.header("content-type"));
  let raw: unknown = {};
  if (isFormType(type)) raw = await c.req.parseBody().catch(() => ({}));
  else if (type === "application/json") raw = await c.req.json().catch(() => ({}));
  const body = ClaimBody.safeParse(raw ?? {});
  if (!body.success) throw new InvalidInputError(said("partyWhole"));
  const party = body.data.party;
  return party !== undefined && party < seatsOf(guest) ? { party } : {};
}

/** Whether a guest's last claim took fewer seats than were offered to them (a partial accept). */
export function claimedFewer(guest: GuestRecord): boolean {
  const t = guest.lastChange;
  if (t.action !== "claim") return false;
  const offeredSeats = t.countersBefore.offered - t.countersAfter.offered;
  return seatsOf(guest) < offeredSeats;
}
