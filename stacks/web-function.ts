/**
 * The web function in the stateless stack (stateless-stack.ts): the Hono app behind a Function URL, its grants
 * (the guest table's indexes it reads, the audit and mail tables, the command queue, the signing keys, the
 * assistant's model, the guest list's exports). Built in the stack's own scope, so its logical ids are the ones
 * it had as a method of the stack.
 */
import { Duration, Stack } from "aws-cdk-lib";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { FunctionUrlAuthType, InvokeMode } from "aws-cdk-lib/aws-lambda";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import { auditTable } from "../adapters/aws/dynamo-audit-log.ts";
import { namesIndex, rosterIndex, waitlistIndex } from "../adapters/aws/guest-table.ts";
import { guestListExportPrefix } from "../adapters/aws/s3-guest-list-files.ts";
import { assistantEnv } from "../contracts/assistant.ts";
import { awsEnv } from "../runtime/aws/env.ts";
import { grantInvokeModel } from "./bedrock-access.ts";
import { webBesideBundle } from "./bundle-settings.ts";
import { acknowledgeWildcardResource } from "./nag.ts";
import { RsvpFunction } from "./rsvp-function.ts";
import type { Parts } from "./stateless-stack.ts";
import { grantTable } from "./table-grants.ts";

/** The web app: the Hono app behind a Function URL. */
export function webFunction(stack: Stack, parts: Parts): { fn: RsvpFunction; url: string } {
  const { s, config, tracing, guests, queue, keys, baseUrl } = parts;
  const web = new RsvpFunction(stack, "Web", {
    entry: "web.ts",
    description: "the web app (registration, link and host pages) behind a Function URL",
    // Pages answer in milliseconds; a host's question to the assistant may take several model calls, which
    // it cuts off at 20 s (then plain matching answers), well inside this.
    timeout: Duration.seconds(30),
    memorySize: 1024,
    // The door page's QR decoder, read on the first door page (stacks/bundle-settings.ts).
    besideBundle: webBesideBundle,
    // A flood on the public URL is throttled (429) at this many requests in flight, and the keeper, the
    // stream handlers and the mail lane keep the rest of the account's concurrency.
    ...(config.webConcurrency > 0 ? { reservedConcurrentExecutions: config.webConcurrency } : {}),
    tracing,
    environment: {
      ...guests,
      [awsEnv.auditTable]: s.auditTable.tableName,
      ...queue,
      ...keys,
      ...baseUrl,
      // The host page lists the bounces and complaints the feedback function recorded there.
      [awsEnv.mailTable]: s.mailTable.tableName,
      ...(config.adminTokenHash ? { [awsEnv.adminTokenHash]: config.adminTokenHash } : {}),
      // The host's questions are answered here, by this model (Bedrock) with read-only tools.
      [assistantEnv.model]: config.assistantModel,
      // A long guest list as one file (producers/web/guest-list-export.ts).
      [awsEnv.exportBucket]: s.guestListExports.bucketName,
    },
  });
  // The roster index: the host's guest list, a page at a time (adapters/aws/dynamo-guest-roster.ts).
  grantTable(web.fn, s.guestTable, ["read"], [waitlistIndex, rosterIndex, namesIndex]);
  grantTable(web.fn, s.auditTable, ["read"], [auditTable.orderIndex]);
  grantTable(web.fn, s.mailTable, ["read"]);
  // The owner's admin area creates events and (until the keeper takes these over) edits their details and
  // rotates host links; without an admin token the web app only reads guest state.
  if (config.adminTokenHash) grantTable(web.fn, s.guestTable, ["write", "delete", "scan"]);
  s.commandQueue.grantSendMessages(web.fn);
  s.signingKeys.grantRead(web.fn);
  grantInvokeModel(web.role, config.assistantModel, "The host's question answerer");
  grantExports(web, s.guestListExports);
  // AuthType NONE on purpose: guests and hosts are browsers following capability links (an HMAC-signed
  // token per email link, an unguessable host token of which only a hash is stored); there are no logins
  // and no AWS credentials to sign requests with. Every route checks its token and answers an unknown one
  // with the same 404, and producers only enqueue commands, so the URL grants nothing a token does not.
  // (A CloudFront distribution with origin access control is where a WAF or a custom domain would go.)
  const url = web.fn.addFunctionUrl({
    authType: FunctionUrlAuthType.NONE,
    invokeMode: InvokeMode.BUFFERED,
  });

  return { fn: web, url: url.url };
}

/**
 * The guest list's one-file download: the web function writes the file (one PutObject, or a multipart
 * upload it aborts on failure), reads whether it is there (HeadObject is GetObject's) and signs the host's
 * link with its own role (GetObject), all under `exports/` only. No ListBucket and no DeleteObject: the
 * lifecycle rule deletes the files.
 */
function grantExports(web: RsvpFunction, bucket: IBucket): void {
  const objects = `${guestListExportPrefix}*`;
  web.fn.addToRolePolicy(
    new PolicyStatement({
      actions: ["s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload"],
      resources: [bucket.arnForObjects(objects)],
    }),
  );
  acknowledgeWildcardResource(
    web.role,
    `${Stack.of(bucket).exportValue(bucket.bucketArn)}/${objects}`,
    "Each file is a new object named at run time (the event and a hash of the host's form id); the " +
      "exports prefix is the narrowest scope, in a bucket that holds nothing else.",
  );
}
