/**
 * The address (and key) an erased guest's row holds: unique per guest, so the store's one-address-one-guest rule
 * still holds, never delivered (`.invalid`), and never the key of a real address. Apart from
 * core/guest-erasure.ts (which re-exports it) so that the AWS feedback function loads no more than this.
 */
export function erasedAddress(guestId: string): string {
  return `erased-${guestId}@erased.invalid`;
}
