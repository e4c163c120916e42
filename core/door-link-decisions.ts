import type { Command } from "../contracts/command.ts";
import { MAX_DOOR_LINKS } from "../contracts/door.ts";
import type { EventRecord } from "../contracts/event.ts";
import type { Outcome } from "../contracts/outcome.ts";

/** What event-decisions.ts makes of these (its EventDecision, said here so the two files import one way). */
interface EventDecision {
  outcome: Outcome;
  change: { patch: Partial<EventRecord> } | null;
}

/**
 * Door links the host minted and revoked (docs/door.md). A door link's token is signed and names its id; the
 * event keeps the ids, so the host's door page lists them (label, when minted) and a revoked one opens nothing.
 * Both are idempotent: minting an id twice, or revoking a revoked link, changes nothing.
 */

type MintDoorLink = Extract<Command, { type: "mint-door-link" }>;
type RevokeDoorLink = Extract<Command, { type: "revoke-door-link" }>;

const unchanged = (): EventDecision => ({ outcome: { kind: "unchanged", guestId: null }, change: null });

/** Records a newly minted door link on the event (refused past `MAX_DOOR_LINKS`). */
export function decideMintDoorLink(event: EventRecord, command: MintDoorLink, now: Date): EventDecision {
  const links = event.doorLinks ?? [];
  if (links.some((l) => l.id === command.linkId)) return unchanged();
  if (links.length >= MAX_DOOR_LINKS)
    return { outcome: { kind: "refused", reason: "not-applicable" }, change: null };
  const link = { id: command.linkId, label: command.label, mintedAt: now.toISOString(), revokedAt: null };
  return {
    outcome: { kind: "door-link-minted", linkId: command.linkId },
    change: { patch: { doorLinks: [...links, link] } },
  };
}

/**
 * Revokes a door link: it answers 410 from then on. A link the event does not know (one made before links were
 * recorded) is refused: it cannot be told apart, and expires a day after the event.
 */
export function decideRevokeDoorLink(event: EventRecord, command: RevokeDoorLink, now: Date): EventDecision {
  const links = event.doorLinks ?? [];
  const link = links.find((l) => l.id === command.linkId);
  if (!link) return { outcome: { kind: "refused", reason: "not-applicable" }, change: null };
  if (link.revokedAt !== null) return unchanged();
  const revoked = { ...link, revokedAt: now.toISOString() };
  return {
    outcome: { kind: "door-link-revoked", linkId: link.id },
    change: { patch: { doorLinks: links.map((l) => (l.id === link.id ? revoked : l)) } },
  };
}

/** Whether the event says a door link was revoked (an id it does not know was not). */
export function isDoorLinkRevoked(event: Pick<EventRecord, "doorLinks">, linkId: string): boolean {
  return (event.doorLinks ?? []).some((l) => l.id === linkId && l.revokedAt !== null);
}
