/**
 * The bench's baseline: the least a registration endpoint can do on this stack — Hono on @hono/node-server,
 * parse the posted JSON, insert one row with node:sqlite (WAL, synchronous=NORMAL, as rsvp runs it), answer
 * 202. No validation, no queue, no keeper. `bench/rush.ts` runs it as a child process:
 *   node bench/baseline-server.ts --port 0 --db /tmp/x/baseline.db
 * and reads the address from the line "baseline listening at URL".
 */
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { DatabaseSync } from "node:sqlite";
import { parseArgs } from "node:util";
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const { values } = parseArgs({
  options: { port: { type: "string", default: "0" }, db: { type: "string", default: ":memory:" } },
});

const db = new DatabaseSync(values.db);
db.exec("PRAGMA journal_mode = WAL");
db.exec("PRAGMA synchronous = NORMAL");
db.exec("CREATE TABLE IF NOT EXISTS guests (id TEXT PRIMARY KEY, event_id TEXT, name TEXT, email TEXT)");
const insert = db.prepare("INSERT INTO guests (id, event_id, name, email) VALUES (?, ?, ?, ?)");

const app = new Hono();
app.post("/e/:eventId/rsvp", async (c) => {
  const body = (await c.req.json()) as { name?: unknown; email?: unknown };
  const id = randomUUID();
  insert.run(id, c.req.param("eventId"), String(body.name), String(body.email));
  return c.json({ status: "accepted", commandId: id }, 202);
});

const server = serve({ fetch: app.fetch, port: Number(values.port), hostname: "127.0.0.1" }, () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`baseline listening at http://127.0.0.1:${port}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
