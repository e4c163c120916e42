import { describe, expect, it } from "vitest";
import { SecretsKeyring } from "../../adapters/aws/secrets-keyring.ts";
import { LocalSecrets } from "../../tools/aws-local/local-secrets.ts";
import { testKeyring } from "../helpers/link-minter.ts";

describe("the in-process Secrets Manager", () => {
  it("serves the signing keyring to the real keyring adapter", async () => {
    const keyring = testKeyring();
    const secrets = new LocalSecrets({ keys: JSON.stringify(keyring) });
    const adapter = new SecretsKeyring({ client: secrets.client, secretId: "keys" });
    await adapter.refresh();
    expect(adapter.current()).toEqual(keyring);
    await expect(
      new SecretsKeyring({ client: secrets.client, secretId: "other" }).refresh(),
    ).rejects.toThrow();
  });
});
