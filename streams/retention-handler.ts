import type { ChangeRecord } from "../contracts/change.ts";
import { retentionErasures } from "../core/guest-erasure.ts";
import type { ChangeHandler, CommandQueue, GuestReader } from "../core/ports.ts";

/** How many erase commands go to the queue per send: a page of a large guest list at a time. */
const sendPage = 100;

/**
 * Stream handler: once the keeper has recorded that an event's retention period ended (`retention-due`), it
 * sends one `erase-guest` per guest not yet erased. The keeper erases each (the same command a guest's own
 * button sends), so every erasure is audited like any other change. Each command is named by its guest, so a
 * redelivered change sends commands the keeper has applied already, which it ignores.
 */
export function retentionHandler(deps: { reader: GuestReader; queue: CommandQueue }): ChangeHandler {
  return async (changes: readonly ChangeRecord[]) => {
    for (const change of changes) {
      if (change.entity !== "event") continue;
      const t = change.new.lastChange;
      if (t?.action !== "retention-due" || change.old?.lastChange?.commandId === t.commandId) continue;
      const guests = await deps.reader.listGuests(change.new.eventId);
      const commands = retentionErasures(change.new, guests, t.at);
      for (let i = 0; i < commands.length; i += sendPage)
        await deps.queue.send(commands.slice(i, i + sendPage));
    }
  };
}
