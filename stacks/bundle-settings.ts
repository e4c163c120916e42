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
 * Nothing is left external, not even the AWS SDK the Lambda runtime provides: the bundle runs the SDK
 * versions the tests ran, and only the clients actually used are shipped.
 */
export const externalModules: string[] = [];
