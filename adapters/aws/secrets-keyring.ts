/**
 * The link-signing keyring from AWS Secrets Manager. The secret's string is JSON in one of two shapes:
 * - `{"kid": "k1", "secret": "…"}`: one key, as the stateful stack generates it on the first deploy (it cannot
 *   generate a nested value); read as the keyring `{ current: that key, previous: [] }`;
 * - `{"current": {"kid", "secret"}, "previous": [{"kid", "secret"}, …]}`: the `Keyring` the embedded runtime
 *   keeps in its key file, which a rotation writes (the new key current, the old ones kept in `previous`).
 *
 * Cached per container for a while (5 minutes by default), so a warm Lambda costs no Secrets Manager call per
 * request and still follows a rotation within that time. Link signing and checking read the keyring
 * synchronously (`() => Keyring`), so a handler awaits `refresh()` as it starts (a no-op while the cache is
 * fresh) and hands `current` to the code that signs and checks links.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import * as z from "zod";
import { Keyring, SigningKey } from "../../contracts/link.ts";
import { type Clock, systemClock } from "../../core/ports.ts";

export interface SecretsKeyringOptions {
  client: SecretsManagerClient;
  /** The secret's name or ARN. */
  secretId: string;
  /** How long a fetched keyring is used before it is fetched again (default 5 minutes). */
  ttlMs?: number;
  clock?: Clock;
  /**
   * Told when a later fetch fails (unreachable, or the secret no longer holds a valid keyring): the keyring
   * fetched before stays in use, since failing every link would be worse than signing with the previous key.
   */
  onError?: (error: Error) => void;
}

/** The secret cannot be used as a keyring. */
export class KeyringSecretError extends Error {
  override readonly name = "KeyringSecretError";
}

/**
 * The secret's value: a whole keyring, or the single key the stack generates (`{kid, secret}`, which becomes a
 * keyring with nothing to rotate from). Told apart by `current`, so a malformed keyring is reported as a
 * keyring, not as a failed single key.
 */
const KeyringSecret = z.union([
  Keyring,
  SigningKey.strict().transform((current): Keyring => ({ current, previous: [] })),
]);

const expectedShapes =
  'expected {"kid":"…","secret":"…"} (one key, as the stack generates it) or ' +
  '{"current":{"kid":"…","secret":"…"},"previous":[…]} (a keyring after a rotation)';

/** Parses a secret's string as a keyring; throws `KeyringSecretError` saying what is wrong, never the key. */
export function parseKeyringSecret(secretId: string, text: string | undefined): Keyring {
  if (text === undefined)
    throw new KeyringSecretError(`secret ${secretId} has no string value; ${expectedShapes}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new KeyringSecretError(`secret ${secretId} is not valid JSON; ${expectedShapes}`);
  }
  const isRing = typeof json === "object" && json !== null && "current" in json;
  const parsed = (isRing ? KeyringSecret.options[0] : KeyringSecret.options[1]).safeParse(json);
  if (!parsed.success) {
    // zod's messages name the rule broken, never the value, so no key ends up in a log.
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
    throw new KeyringSecretError(
      `secret ${secretId} does not hold valid signing keys (${issue?.message ?? "invalid"}${where}); ${expectedShapes}`,
    );
  }
  return parsed.data;
}

/** The signing keyring in Secrets Manager, cached for `ttlMs`. */
export class SecretsKeyring {
  readonly #client: SecretsManagerClient;
  readonly #secretId: string;
  readonly #ttlMs: number;
  readonly #clock: Clock;
  readonly #onError: ((error: Error) => void) | undefined;
  #keyring: Keyring | null = null;
  #fetchedAt = 0;
  #inFlight: Promise<Keyring> | null = null;

  constructor(options: SecretsKeyringOptions) {
    this.#client = options.client;
    this.#secretId = options.secretId;
    this.#ttlMs = options.ttlMs ?? 5 * 60_000;
    this.#clock = options.clock ?? systemClock;
    this.#onError = options.onError;
  }

  /**
   * The keyring, fetched when there is none yet or the cached one is older than the TTL; concurrent callers
   * share one fetch. The first fetch throws when it fails (`KeyringSecretError` for a malformed secret);
   * a later one reports through `onError` and keeps the keyring it has, trying again after another TTL.
   */
  async refresh(): Promise<Keyring> {
    if (this.#keyring && this.#clock.now().getTime() - this.#fetchedAt < this.#ttlMs) return this.#keyring;
    this.#inFlight ??= this.#fetch().finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  /** The cached keyring, for code that reads it synchronously. Throws before the first `refresh()`. */
  readonly current = (): Keyring => {
    if (!this.#keyring) throw new Error("the signing keyring is not loaded yet: await refresh() first");
    return this.#keyring;
  };

  async #fetch(): Promise<Keyring> {
    const startedAt = this.#clock.now().getTime();
    try {
      const out = await this.#client.send(new GetSecretValueCommand({ SecretId: this.#secretId }));
      this.#keyring = parseKeyringSecret(this.#secretId, out.SecretString);
      this.#fetchedAt = startedAt;
      return this.#keyring;
    } catch (error) {
      if (!this.#keyring) throw error;
      this.#fetchedAt = startedAt;
      this.#onError?.(error as Error);
      return this.#keyring;
    }
  }
}
