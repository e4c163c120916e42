import {
  type AttributeDefinition,
  CreateTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type KeySchemaElement,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";

/** String `pk` and `sk`: the key of the guest table and of the mail-claim table. */
export const pkSkKey: { attributes: AttributeDefinition[]; schema: KeySchemaElement[] } = {
  attributes: [
    { AttributeName: "pk", AttributeType: "S" },
    { AttributeName: "sk", AttributeType: "S" },
  ],
  schema: [
    { AttributeName: "pk", KeyType: "HASH" },
    { AttributeName: "sk", KeyType: "RANGE" },
  ],
};

/**
 * Creates an on-demand table and waits until it is active: for tests and local use (DynamoDB Local); the CDK
 * stacks own the tables in AWS, with the same keys and indexes.
 */
export async function createOnDemandTable(
  client: DynamoDBClient,
  input: Omit<CreateTableCommandInput, "BillingMode"> & { TableName: string },
): Promise<void> {
  await client.send(new CreateTableCommand({ ...input, BillingMode: "PAY_PER_REQUEST" }));
  await waitUntilTableExists(
    { client, maxWaitTime: 60, minDelay: 1, maxDelay: 2 },
    { TableName: input.TableName },
  );
}
