/**
 * Counts AWS API calls with SDK middleware: every client of a run gets one `initialize` middleware that
 * tallies each command as `Service.Operation` under the caller it ran for (a Lambda function, or AWS on our
 * behalf), and for DynamoDB asks for the consumed capacity and adds it up.
 *
 * Capacity units. Each DynamoDB request is sent with `ReturnConsumedCapacity: INDEXES` and the units of the
 * answer (table and indexes) are summed as reads or writes by the operation: DynamoDB Local computes them by
 * DynamoDB's rules from the items it holds (a started KB per write unit, a started 4 KB per strongly
 * consistent read unit) for single-item calls and queries. For two kinds it does not, and the counter works
 * them out from item sizes instead, by the documented rules:
 * - TransactWriteItems: Local reports a fraction of the units. Each item costs 2 units per started KB of the
 *   larger of its old and new size (old sizes are remembered from the items this run has read or written),
 *   plus 2 per waitlist-index entry written or removed;
 * - BatchGetItem: Local reports one unit for the whole batch. Each key costs a unit per started 4 KB of the
 *   item, and a key with no item still costs one.
 * A request refused by its condition reports nothing, though the service charges for it; our adapters meet
 * such refusals only on redeliveries.
 */

import { AsyncLocalStorage } from "node:async_hooks";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { Caller, Tally } from "../model/tally.ts";
import { countCall } from "../model/tally.ts";

/** A v3 SDK client, as far as counting needs it. */
interface Client {
  middlewareStack: {
    add(middleware: unknown, options: { step: "initialize"; priority: "high"; name: string }): void;
    addRelativeTo(
      middleware: unknown,
      options: { relation: "before"; toMiddleware: string; name: string },
    ): void;
  };
}

/** The consumed capacity of a DynamoDB answer: one entry, or one per table (batches and transactions). */
interface Consumed {
  CapacityUnits?: number;
}

type Item = Record<string, AttributeValue>;

/** DynamoDB's size of an item: the UTF-8 bytes of attribute names and values, a number ~1 byte per 2 digits. */
export function itemBytes(item: Item): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) bytes += Buffer.byteLength(name) + valueBytes(value);
  return bytes;
}

function valueBytes(v: AttributeValue): number {
  if (v.S !== undefined) return Buffer.byteLength(v.S);
  if (v.N !== undefined) return Math.ceil(v.N.length / 2) + 1;
  if (v.B !== undefined) return v.B.byteLength;
  if (v.M !== undefined) return 3 + itemBytes(v.M);
  if (v.L !== undefined) return 3 + v.L.reduce((sum, e) => sum + 1 + valueBytes(e), 0);
  if (v.SS !== undefined) return v.SS.reduce((sum, e) => sum + Buffer.byteLength(e), 0);
  return 1;
}

const KB = 1024;
/** A key's place in a table, for remembering the size of its item. */
const keyOf = (table: string, key: Item) =>
  `${table}\n${key.pk?.S ?? key.pk?.N ?? ""}\n${key.sk?.S ?? key.sk?.N ?? ""}`;
/** Whether an item is in the sparse waitlist index. */
const indexed = (item: Item) => item.wlpk !== undefined;

const readOperations = new Set(["GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems"]);
const writeOperations = new Set([
  "PutItem",
  "UpdateItem",
  "DeleteItem",
  "BatchWriteItem",
  "TransactWriteItems",
]);

/** The service name a client's name stands for in `Service.Operation`. */
function serviceOf(clientName: string | undefined): string {
  const name = (clientName ?? "Unknown").replace(/Client$/, "");
  if (name === "SESv2") return "SES";
  if (name === "BedrockRuntime") return "Bedrock";
  return name;
}

/** Decides who made a call that ran outside any `runAs` (see `CallCounter.attribute`). */
export type Attribution = (operation: string, input: Record<string, unknown>) => Caller;

/** Counts the calls of every client it is attached to into one tally. */
export class CallCounter {
  readonly tally: Tally;
  readonly #caller = new AsyncLocalStorage<Caller>();
  readonly #attribute: Attribution;
  readonly #now: () => number;
  /** Per caller, the clock time of its last call: a call long after it starts a cold environment. */
  readonly #lastCallAt = new Map<Caller, number>();
  readonly #warmForMs: number;
  /** Off while the run sets up tables and events that are not part of what is measured. */
  counting = false;
  /** DynamoDB capacity units by caller and operation: where the units go (`rsvp cost --measured` prints it). */
  readonly unitsByOperation = new Map<string, number>();
  /** The size of each item this run has seen, and whether it was in the waitlist index. */
  readonly #items = new Map<string, { bytes: number; indexed: boolean }>();

  constructor(options: { tally: Tally; attribute: Attribution; now: () => number; warmForMs: number }) {
    this.tally = options.tally;
    this.#attribute = options.attribute;
    this.#now = options.now;
    this.#warmForMs = options.warmForMs;
  }

  /** Runs `fn` as `caller`: every call it makes is counted as that caller's. */
  runAs<T>(caller: Caller, fn: () => Promise<T>): Promise<T> {
    return this.#caller.run(caller, fn);
  }

  /**
   * Attaches the counter to a client. `before` names a middleware of the client's that answers without
   * calling on (an in-process stand-in): the counter goes ahead of it, or it would never see a call.
   */
  attach(client: Client, before?: string): void {
    const middleware =
      (
        next: (args: { input: Record<string, unknown> }) => Promise<{ output: Record<string, unknown> }>,
        context: {
          clientName?: string;
          commandName?: string;
        },
      ) =>
      async (args: { input: Record<string, unknown> }) => {
        const service = serviceOf(context.clientName);
        const operation = (context.commandName ?? "Unknown").replace(/Command$/, "");
        const dynamoData =
          service === "DynamoDB" && (readOperations.has(operation) || writeOperations.has(operation));
        if (this.counting && dynamoData) args.input.ReturnConsumedCapacity = "INDEXES";
        let output: Record<string, unknown> = {};
        try {
          const result = await next(args);
          output = result.output;
          return result;
        } finally {
          // A refused call is a call too (a conditional put that finds its item, a delete of a fired schedule).
          if (this.counting) this.#count(service, operation, args.input, output);
        }
      };
    const name = "rsvpCostCounter";
    if (before)
      client.middlewareStack.addRelativeTo(middleware, { relation: "before", toMiddleware: before, name });
    else client.middlewareStack.add(middleware, { step: "initialize", priority: "high", name });
  }

  #count(
    service: string,
    operation: string,
    input: Record<string, unknown>,
    output: Record<string, unknown>,
  ) {
    const key = `${service}.${operation}`;
    const caller = this.#caller.getStore() ?? this.#attribute(key, input);
    countCall(this.tally, caller, key);
    if (caller !== "AWS") {
      const now = this.#now();
      const last = this.#lastCallAt.get(caller);
      if (last === undefined || now - last > this.#warmForMs)
        this.tally.coldStarts[caller] = (this.tally.coldStarts[caller] ?? 0) + 1;
      this.#lastCallAt.set(caller, now);
    }
    if (service !== "DynamoDB") return;
    this.#remember(operation, input, output);
    let units: number;
    if (operation === "TransactWriteItems") units = this.#transactionUnits(input);
    else if (operation === "BatchGetItem") units = this.#batchReadUnits(input, output);
    else {
      const consumed = output.ConsumedCapacity as Consumed | Consumed[] | undefined;
      units = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce(
        (sum, c) => sum + (c.CapacityUnits ?? 0),
        0,
      );
    }
    const key2 = `${caller} ${key}`;
    this.unitsByOperation.set(key2, (this.unitsByOperation.get(key2) ?? 0) + units);
    if (readOperations.has(operation)) this.tally.dynamodb.readRequestUnits += units;
    else if (writeOperations.has(operation)) this.tally.dynamodb.writeRequestUnits += units;
  }

  /** Remembers the size of every item a call read (answers) or wrote whole (puts). */
  #remember(operation: string, input: Record<string, unknown>, output: Record<string, unknown>) {
    const keep = (table: string | undefined, item: Item | undefined) => {
      if (table && item)
        this.#items.set(keyOf(table, item), { bytes: itemBytes(item), indexed: indexed(item) });
    };
    const table = input.TableName as string | undefined;
    if (operation === "GetItem") keep(table, output.Item as Item | undefined);
    else if (operation === "Query" || operation === "Scan")
      for (const item of (output.Items as Item[] | undefined) ?? []) keep(table, item);
    else if (operation === "BatchGetItem")
      for (const [t, items] of Object.entries((output.Responses as Record<string, Item[]> | undefined) ?? {}))
        for (const item of items) keep(t, item);
  }

  /** A transaction's write units by DynamoDB's rules (see the top of this file). */
  #transactionUnits(input: Record<string, unknown>): number {
    let units = 0;
    const items =
      (input.TransactItems as Record<string, { TableName?: string; Item?: Item; Key?: Item }>[]) ?? [];
    for (const entry of items) {
      const [kind, op] = Object.entries(entry)[0] ?? [];
      if (!kind || !op?.TableName) continue;
      const key = keyOf(op.TableName, op.Item ?? op.Key ?? {});
      const old = this.#items.get(key);
      const newBytes = op.Item ? itemBytes(op.Item) : (old?.bytes ?? KB);
      const newIndexed = op.Item ? indexed(op.Item) : (old?.indexed ?? false);
      units += 2 * Math.max(1, Math.ceil(Math.max(newBytes, old?.bytes ?? 0) / KB));
      if (newIndexed || old?.indexed) units += 2 * (newIndexed && old?.indexed ? 2 : 1);
      if (kind === "Delete") this.#items.delete(key);
      else this.#items.set(key, { bytes: newBytes, indexed: newIndexed });
    }
    return units;
  }

  /** A batch read's units by DynamoDB's rules (see the top of this file). */
  #batchReadUnits(input: Record<string, unknown>, output: Record<string, unknown>): number {
    let units = 0;
    const requests = (input.RequestItems as Record<string, { Keys?: Item[] }> | undefined) ?? {};
    const unprocessed = (output.UnprocessedKeys as Record<string, { Keys?: Item[] }> | undefined) ?? {};
    for (const [table, request] of Object.entries(requests)) {
      const skipped = new Set((unprocessed[table]?.Keys ?? []).map((k) => keyOf(table, k)));
      for (const k of request.Keys ?? []) {
        const key = keyOf(table, k);
        if (skipped.has(key)) continue;
        units += Math.max(1, Math.ceil((this.#items.get(key)?.bytes ?? 0) / (4 * KB)));
      }
    }
    return units;
  }
}
