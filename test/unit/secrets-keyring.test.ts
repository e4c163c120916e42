import { randomBytes } from "node:crypto";
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { KeyringSecretError, SecretsKeyring } from "../../adapters/aws/secrets-keyring.ts";
import type { Keyring } from "../../contracts/link.ts";
import { fakeClock } from "../helpers/factories.ts";

const client = new SecretsManagerClient({
  region: "eu-central-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});
const secrets = mockClient(client);
afterEach(() => secrets.reset());

const secretId = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:rsvp-signing-keys-AbCdEf";
const key = (kid: string) => ({ kid, secret: randomBytes(32).toString("base64url") });
const ring = (current: string, ...previous: string[]): Keyring => ({
  current: key(current),
  previous: previous.map(key),
});
const holding = (keyring: unknown) => ({
  SecretString: JSON.stringify(keyring),
  ARN: secretId,
  Name: "rsvp",
});

describe("SecretsKeyring", () => {
  it("reads the keyring from the secret's string, asking for the secret by id", async () => {
    const first = ring("k1");
    secrets.on(GetSecretValueCommand).resolves(holding(first));
    const keys = new SecretsKeyring({ client, secretId });

    expect(await keys.refresh()).toEqual(first);
    expect(keys.current()).toEqual(first);
    expect(secrets.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input)).toEqual([
      { SecretId: secretId },
    ]);
  });

  it("reads the single key a fresh stack generates as a keyring with nothing to rotate from", async () => {
    // What Secrets Manager makes of the stack's template: 64 letters and digits under "secret".
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    const generated = Array.from(randomBytes(64), (b) => alphabet[b % alphabet.length]).join("");
    secrets.on(GetSecretValueCommand).resolves(holding({ kid: "k1", secret: generated }));
    const keys = new SecretsKeyring({ client, secretId });

    expect(await keys.refresh()).toEqual({ current: { kid: "k1", secret: generated }, previous: [] });
    // 64 base64url characters are 48 bytes of HMAC key, more than SHA-256's 32.
    expect(Buffer.from(keys.current().current.secret, "base64url")).toHaveLength(48);
  });

  it("moves from the generated single key to a rotated keyring that keeps it", async () => {
    const clock = fakeClock();
    const first = key("k1");
    const rotated = { current: key("k2"), previous: [first] };
    secrets.on(GetSecretValueCommand).resolvesOnce(holding(first)).resolves(holding(rotated));
    const keys = new SecretsKeyring({ client, secretId, clock });

    expect(await keys.refresh()).toEqual({ current: first, previous: [] });
    clock.advance(5 * 60_000);
    expect(await keys.refresh()).toEqual(rotated);
  });

  it("keeps the keyring for the TTL, then picks up a rotation", async () => {
    const clock = fakeClock();
    const before = ring("k1");
    const after = ring("k2", "k1");
    secrets.on(GetSecretValueCommand).resolvesOnce(holding(before)).resolves(holding(after));
    const keys = new SecretsKeyring({ client, secretId, clock, ttlMs: 5 * 60_000 });

    await keys.refresh();
    clock.advance(4 * 60_000);
    expect(await keys.refresh()).toEqual(before);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);

    clock.advance(60_000);
    expect(await keys.refresh()).toEqual(after);
    expect(keys.current().current.kid).toBe("k2");
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it("shares one fetch between callers that ask at the same time", async () => {
    secrets.on(GetSecretValueCommand).resolves(holding(ring("k1")));
    const keys = new SecretsKeyring({ client, secretId });

    await Promise.all([keys.refresh(), keys.refresh(), keys.refresh()]);

    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it("says clearly what is wrong with a malformed secret, without showing any key", async () => {
    const secretText = key("k1").secret;
    const cases: [unknown, RegExp][] = [
      [{ SecretString: "{not json" }, /is not valid JSON/],
      [{ SecretBinary: new Uint8Array([1, 2]) }, /has no string value/],
      [
        holding({ current: { kid: "k1", secret: "short" }, previous: [] }),
        /does not hold valid signing keys.*current\.secret/,
      ],
      [
        holding({
          current: { kid: "k1", secret: secretText },
          previous: [{ kid: "k1", secret: secretText }],
        }),
        /its own key id/,
      ],
      [holding({ kid: "k1" }), /does not hold valid signing keys.*at secret/],
      [holding({ kid: "k1", secret: "tooShort" }), /base64url of at least 32 bytes.*at secret/],
      [holding({ kid: "k1", secret: secretText, previous: [] }), /Unrecognized key.*previous/],
      [holding({ kid: "not a key id", secret: secretText }), /key id.*at kid/],
      [holding(["k1", secretText]), /does not hold valid signing keys/],
    ];
    for (const [answer, message] of cases) {
      secrets.reset();
      secrets.on(GetSecretValueCommand).resolves(answer as never);
      const error = await new SecretsKeyring({ client, secretId }).refresh().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KeyringSecretError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).toContain(secretId);
      // Whoever reads the log learns what to write into the secret.
      expect((error as Error).message).toContain('{"kid":"…","secret":"…"}');
      expect((error as Error).message).toContain('{"current":{"kid":"…","secret":"…"},"previous":[…]}');
      expect((error as Error).message).not.toContain(secretText);
    }
  });

  it("throws when the first fetch fails, and needs a refresh before the keyring is read", async () => {
    secrets
      .on(GetSecretValueCommand)
      .rejects(new ResourceNotFoundException({ message: "no such secret", $metadata: {} }));
    const keys = new SecretsKeyring({ client, secretId });

    expect(() => keys.current()).toThrow(/refresh/);
    await expect(keys.refresh()).rejects.toThrow("no such secret");
  });

  it("keeps signing with the keyring it has when a later fetch fails, and reports it", async () => {
    const clock = fakeClock();
    const good = ring("k1");
    secrets
      .on(GetSecretValueCommand)
      .resolvesOnce(holding(good))
      .resolvesOnce({ SecretString: "{broken" })
      .resolves(holding(ring("k2", "k1")));
    const errors: Error[] = [];
    const keys = new SecretsKeyring({ client, secretId, clock, onError: (e) => errors.push(e) });

    await keys.refresh();
    clock.advance(5 * 60_000);
    expect(await keys.refresh()).toEqual(good);
    expect(errors.map((e) => e.name)).toEqual(["KeyringSecretError"]);

    // Tried again only after another TTL, then the repaired secret is used.
    clock.advance(60_000);
    await keys.refresh();
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    clock.advance(4 * 60_000);
    expect((await keys.refresh()).current.kid).toBe("k2");
  });
});
