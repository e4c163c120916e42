import { guestIdFor } from "../../core/guest-decisions.ts";
import { register } from "../helpers/factories.ts";
import { applyOffline } from "../helpers/offline-data-dir.ts";
import { createEventCli } from "./cli-harness.ts";

/**
 * An event made with the CLI in `dataDir` ("Dash party", 5 seats) and its one guest, Dee Dash <dee@example.org>,
 * confirmed, whose guest id starts with "-" (ids are derived from the command id: the first `dash-N` giving one).
 */
export async function eventWithDashedGuest(dataDir: string): Promise<{ eventId: string; guestId: string }> {
  const { eventId } = await createEventCli(dataDir, { name: "Dash party", capacity: 5 });
  let n = 0;
  while (!guestIdFor(eventId, `dash-${n}`).startsWith("-")) n++;
  applyOffline(
    dataDir,
    eventId,
    [register(eventId, "dee@example.org", "Dee Dash", { commandId: `dash-${n}`, issuedAt: new Date() })],
    new Date(),
  );
  return { eventId, guestId: guestIdFor(eventId, `dash-${n}`) };
}
