/**
 * The form the door compares names in: accents dropped (NFD, combining marks removed) and lower case, so
 * "muller" finds "Müller" and "ANA" finds "Ana". The door's search by name (producers/web/door-routes.ts) and
 * the AWS store's name index (adapters/aws/guest-table.ts) both fold with it.
 */
export function nameFold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}
