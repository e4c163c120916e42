import { createHash, randomBytes } from "node:crypto";

/** A new host token: 192 random bits, URL-safe. It is shown to the host once and stored only as a hash. */
export function mintHostToken(): string {
  return randomBytes(24).toString("base64url");
}

/** The stored form of a host token: a leaked database does not leak working host links. */
export function hashHostToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
