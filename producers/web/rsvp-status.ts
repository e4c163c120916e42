import type { RsvpStatus } from "../../contracts/http.ts";
import type { Outcome } from "../../contracts/outcome.ts";
import type { GuestReader } from "../../core/ports.ts";

const refusalReasons: Record<Extract<Outcome, { kind: "refused" }>["reason"], string> = {
  "registration-closed": "registration for this event is closed",
  "event-started": "the event has already started",
  "guest-not-found": "the guest could not be found",
  "event-not-found": "the event could not be found",
  "offer-expired": "the offer has expired: the seat has passed to the next person in line",
  "no-offer": "there is no open offer for you",
  "not-invited": "there is no open invitation for you",
  "not-applicable": "there is nothing to send",
  // Host actions on the thank-you note: never a registration's answer.
  "thanks-not-drafted": "the thank-you note is not drafted yet",
  "thanks-already-drafted": "the thank-you note is already drafted",
};

/**
 * What a registration's status link reports: nothing recorded yet is still processing; a registration the
 * keeper placed reports the guest's status NOW (a waitlisted guest's current place in line, not the place
 * they joined at); a duplicate reports the existing guest. Null when the command id names no registration.
 */
export async function rsvpStatusOf(
  reader: GuestReader,
  eventId: string,
  commandId: string,
): Promise<RsvpStatus | null> {
  const result = await reader.getCommandResult(eventId, commandId);
  if (!result) return { state: "processing" };
  const outcome = result.outcome;
  switch (outcome.kind) {
    case "refused":
      return { state: "refused", reason: refusalReasons[outcome.reason] };
    case "confirmed":
    case "waitlisted":
    case "invited":
    case "duplicate": {
      const guest = await reader.getGuest(eventId, outcome.guestId);
      if (!guest)
        return { state: "failed", reason: "the registration was recorded but its guest is missing" };
      const position =
        guest.status === "waitlisted" ? await reader.waitlistPosition(eventId, guest.guestId) : null;
      return { state: guest.status, name: guest.name, position, duplicate: outcome.kind === "duplicate" };
    }
    default:
      // A cancel or a host action: its id is not a registration's status link.
      return null;
  }
}
