import type { Keyring, LinkAction } from "../contracts/link.ts";
import { shortCheckInCode, signCheckInCode } from "./check-in-code.ts";
import { signLink } from "./link-token.ts";
import { type Clock, type LinkMinter, systemClock } from "./ports.ts";

/**
 * The path a signed link opens: `/l/<action>/<token>`. The action is in the path as well as in the token so
 * the address says what it does, and the page checks the two agree (`verifyLink`'s `wrong-action`). The
 * event is not repeated: the token names it, under the MAC.
 */
export function linkPath(action: LinkAction, token: string): string {
  return `/l/${action}/${token}`;
}

/** The page a link's button leads to once pressed: what the keeper made of it. */
export function linkDonePath(action: LinkAction, token: string): string {
  return `${linkPath(action, token)}/done`;
}

export interface SignedLinkMinterDeps {
  /** Read on every link, so a rotated key file is used at once (see adapters/local/keyring-cache.ts). */
  keyring: () => Keyring;
  /** The public origin links start with, e.g. `https://rsvp.example.org`; read on every link. */
  baseUrl: () => string;
  clock?: Clock;
  /**
   * Whether confirmations carry a check-in code (docs/door.md). On in the runtimes; a minter without it
   * makes links only, and its emails have no QR.
   */
  checkInCodes?: boolean;
}

/**
 * A `LinkMinter` that signs with the keyring's current key: `${baseUrl}/l/${action}/${token}`, the token
 * issued now. Without a base URL (a runtime with no listener and none configured) the link is a path.
 */
export function signedLinkMinter(deps: SignedLinkMinterDeps): LinkMinter {
  const clock = deps.clock ?? systemClock;
  const checkInCode: Pick<LinkMinter, "checkInCode"> = deps.checkInCodes
    ? {
        checkInCode(eventId, guestId) {
          const keyring = deps.keyring();
          return {
            code: signCheckInCode({ eventId, guestId }, keyring),
            short: shortCheckInCode({ eventId, guestId }, keyring),
          };
        },
      }
    : {};
  return {
    ...checkInCode,
    url({ eventId, guestId, action, expiresAt }) {
      const token = signLink(
        {
          eventId,
          guestId,
          action,
          expiresAt: expiresAt.toISOString(),
          issuedAt: clock.now().toISOString(),
        },
        deps.keyring(),
      );
      return `${deps.baseUrl().replace(/\/+$/, "")}${linkPath(action, token)}`;
    },
    eventUrl(eventId) {
      return `${deps.baseUrl().replace(/\/+$/, "")}/e/${encodeURIComponent(eventId)}`;
    },
  };
}
