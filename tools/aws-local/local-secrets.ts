/**
 * An in-process stand-in for AWS Secrets Manager holding string secrets by name, answering the real
 * `SecretsManagerClient` (see sdk-stand-in.ts), so the real `SecretsKeyring` reads the signing keys from it.
 */
import {
  type GetSecretValueRequest,
  type PutSecretValueRequest,
  ResourceNotFoundException,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { answered, offlineClientConfig, standIn, unsupported } from "./sdk-stand-in.ts";

/** Secrets Manager in-process: `client` is the SecretsManagerClient the keyring is given. */
export class LocalSecrets {
  /** Secrets Manager requests by command name (GetSecretValue, PutSecretValue). */
  readonly calls = new Map<string, number>();
  readonly client: SecretsManagerClient;
  readonly #values = new Map<string, { value: string; version: number }>();

  constructor(secrets: Record<string, string> = {}) {
    for (const [name, value] of Object.entries(secrets)) this.#values.set(name, { value, version: 1 });
    this.client = standIn(
      new SecretsManagerClient(offlineClientConfig),
      "Secrets",
      async (command, input) => {
        if (command === "GetSecretValueCommand") return this.#get(input as GetSecretValueRequest);
        if (command === "PutSecretValueCommand") return this.#put(input as PutSecretValueRequest);
        return unsupported("Secrets Manager", command);
      },
      this.calls,
    );
  }

  #get(input: GetSecretValueRequest): object {
    const name = input.SecretId ?? "";
    const secret = this.#values.get(name);
    if (!secret) {
      const message = `Secrets Manager can't find the specified secret ${name}`;
      throw new ResourceNotFoundException({ message, Message: message, ...answered() });
    }
    return { Name: name, SecretString: secret.value, VersionId: `v${secret.version}` };
  }

  #put(input: PutSecretValueRequest): object {
    const name = input.SecretId ?? "";
    const before = this.#values.get(name);
    if (!before || input.SecretString === undefined) {
      const message = `Secrets Manager can't find the specified secret ${name}`;
      throw new ResourceNotFoundException({ message, Message: message, ...answered() });
    }
    this.#values.set(name, { value: input.SecretString, version: before.version + 1 });
    return { Name: name, VersionId: `v${before.version + 1}` };
  }
}
