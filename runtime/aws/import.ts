/**
 * The import Lambda: the host import lane on AWS, invoked directly with a guest list (e.g. `aws lambda
 * invoke`); each good row becomes one register command on the queue, exactly as `rsvp import` does embedded.
 * `rsvp import --aws` runs the same lane on the operator's machine instead, to show its progress.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import * as z from "zod";
import { Id } from "../../contracts/common.ts";
import { importGuestListCsv } from "../../producers/import/guest-import.ts";
import { commandQueue } from "./adapters.ts";
import { onColdStart } from "./cold-start.ts";
import { guestStore } from "./tables.ts";

/** What the function is invoked with: the file as base64 (its bytes name the import, see importCommandId). */
const ImportRequest = z.object({
  eventId: Id,
  // Lambda takes at most 6 MB per invocation, which bounds the file long before this does.
  csvBase64: z.base64().max(6_000_000),
  preConfirmed: z.boolean().default(false),
});

function compose(env: NodeJS.ProcessEnv = process.env) {
  const store = guestStore(env, new DynamoDBClient({}));
  const queue = commandQueue(env, new SQSClient({}));
  return async (input: unknown) => {
    const request = ImportRequest.parse(input);
    // The event's questions name the answer columns; an unknown event imports no answers (the keeper refuses it).
    const event = await store.getEvent(request.eventId);
    const result = await importGuestListCsv(
      { queue, reader: store },
      {
        eventId: request.eventId,
        file: Buffer.from(request.csvBase64, "base64"),
        preConfirmed: request.preConfirmed,
        issuedAt: new Date(),
        questions: event?.settings.questions ?? [],
      },
    );
    return {
      rows: result.rows.length,
      queued: result.queued,
      alreadyImported: result.alreadyImported,
      errors: result.errors,
      duplicates: result.duplicates,
    };
  };
}

const composed = onColdStart(() => compose());

export const handler = async (event: unknown) => (await composed())(event);
