/**
 * How every Lambda entry (runtime/aws/*.ts) is bundled: shared by the CDK construct (stacks/rsvp-function.ts)
 * and the bundle-size report (bench/bundle-sizes.ts), so the sizes reported are the sizes deployed.
 */

/** Node 24 on Lambda; esbuild's target for it. */
export const bundleTarget = "node24";

/**
 * ESM output cannot `require`, but some bundled CommonJS dependencies call `require` for Node built-ins; this
 * gives them one. The name is unusual so it cannot collide with a bundled module's own `createRequire`.
 */
export const requireBanner =
  'import { createRequire as __rsvpCreateRequire } from "node:module"; const require = __rsvpCreateRequire(import.meta.url);';

/** Prefer packages' ES module builds, which esbuild can tree-shake. */
export const mainFields = ["module", "main"];

/**
 * The AWS SDK v3 is left out of the bundles: every function uses the one the nodejs24.x runtime ships, which
 * holds every client (and the `@smithy/*` packages under them). NodejsFunction does the same by default; it is
 * said here so the bench measures what is deployed. Decided with the numbers from `npm run bench`: with the SDK
 * bundled, it was half of each bundle and the stream handlers' bundle reached 999 KB, at the 1 MB target;
 * without it the largest is about 500 KB.
 * - What it costs: a function runs the SDK version Lambda ships (and updates), not the one the tests ran. Every
 *   API we call is older than the nodejs24.x runtime (SESv2 simple content's `Headers`, which carries
 *   List-Unsubscribe, came in 2024, Bedrock's Converse the same year), and the SDK's API is stable within v3.
 *   To pin the version again, set this list to `[]`: the bundles then hold the SDK, about 350 to 500 KB more each.
 * - Only `@aws-sdk/*` is external. Powertools (`@aws-lambda-powertools/*`) is not in the runtime and stays in the
 *   bundle; no code of ours imports `@smithy/*` directly, so none of it is bundled beside the runtime's copy
 *   (test/integration/cdk-stateless.test.ts checks both on the synthesized bundles).
 */
export const externalModules: string[] = ["@aws-sdk/*"];

/** A file a bundle carries beside its index.mjs: `from` (relative to the repository) is copied there as `name`. */
export interface BesideBundle {
  from: string;
  name: string;
}

/**
 * What the web function carries beside its bundle: the door page's fallback QR decoder (jsQR's browser build,
 * ~250 KB, which producers/web/door-script.ts reads from `door-decoder.js` next to the bundle on the first door
 * page). Inside the bundle it would push the web bundle past the 1 MB target; beside it, it is zipped with it.
 */
export const webBesideBundle: readonly BesideBundle[] = [
  { from: "node_modules/jsqr/dist/jsQR.js", name: "door-decoder.js" },
];

/** The shell commands (NodejsFunction's afterBundling hook) that copy those files into the bundle's folder. */
export function copyBesideBundle(
  files: readonly BesideBundle[],
  inputDir: string,
  outputDir: string,
): string[] {
  const quote = (path: string) => `'${path.replace(/'/g, "'\\''")}'`;
  return files.map((f) => `cp ${quote(`${inputDir}/${f.from}`)} ${quote(`${outputDir}/${f.name}`)}`);
}
