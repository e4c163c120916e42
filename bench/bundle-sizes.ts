/**
 * The size of each Lambda bundle: every entry under runtime/aws/ that exports a `handler`, bundled by esbuild
 * with the settings the CDK stack bundles it with (stacks/bundle-settings.ts: the AWS SDK left to the Lambda
 * runtime, as deployed), measured from esbuild's metafile. For each it prints the size, how much of it is AWS
 * SDK code (none, unless something pulls it in despite the setting), and the packages (or the app's own
 * folders) that weigh most: where to look first to cut. Target: each well under 1 MB minified; one at 1 MB or
 * more is flagged. test/integration/cdk-stateless.test.ts checks that the bundles the CDK writes are byte for
 * byte the size measured here.
 *
 *   npm run bench                  # the rush, the import, then this report
 *   npx node bench/bundle-sizes.ts # this report alone
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Metafile } from "esbuild";
import { bundleTarget, externalModules, mainFields, requireBanner } from "../stacks/bundle-settings.ts";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const entryDir = join(repoRoot, "runtime/aws");
/** A bundle this large or larger misses the target. */
const bundleLimitBytes = 1024 * 1024;

/** Packages that make up the AWS SDK v3 in a bundle: its clients and core, and the smithy runtime under them. */
const awsSdkPackage = /^@(aws-sdk|smithy|aws-crypto)\//;

/** How many of the heaviest packages the report names per bundle. */
const heaviestShown = 6;

export interface BundleSize {
  entry: string;
  bytes: number;
  /** Bytes of the output that come from the AWS SDK (`@aws-sdk/*`, `@smithy/*`, `@aws-crypto/*`). */
  awsSdkBytes: number;
  /** The heaviest packages (or the app's own folders) in the bundle, by bytes in the output. */
  heaviest: { name: string; bytes: number }[];
}

/** The Lambda entries: runtime/aws/*.ts files that export a handler (helpers such as env.ts do not). */
function lambdaEntries(): string[] {
  return readdirSync(entryDir)
    .filter((f) => f.endsWith(".ts"))
    .filter((f) => /^export const handler\b/m.test(readFileSync(join(entryDir, f), "utf8")))
    .sort();
}

/** Which package (or app folder) an input of the metafile belongs to. */
function owner(input: string): string {
  const at = input.lastIndexOf("node_modules/");
  if (at === -1) return `(rsvp) ${input.split("/")[0]}`;
  const parts = input.slice(at + "node_modules/".length).split("/");
  return parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/** Bytes in the output by package (or app folder), heaviest first. */
function byOwner(output: Metafile["outputs"][string]): BundleSize["heaviest"] {
  const bytes = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs))
    bytes.set(owner(input), (bytes.get(owner(input)) ?? 0) + bytesInOutput);
  return [...bytes].sort((a, b) => b[1] - a[1]).map(([name, bytes]) => ({ name, bytes }));
}

/** Bundles one entry in memory (nothing is written) and measures its JavaScript output. */
export async function bundleSize(entry: string): Promise<BundleSize> {
  const result = await build({
    entryPoints: [join(entryDir, entry)],
    absWorkingDir: repoRoot,
    bundle: true,
    platform: "node",
    format: "esm",
    target: bundleTarget,
    mainFields,
    banner: { js: requireBanner },
    external: externalModules,
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    metafile: true,
    write: false,
    // Named index.mjs as NodejsFunction names it: the source-map comment at its end counts too.
    outdir: "out",
    entryNames: "index",
    outExtension: { ".js": ".mjs" },
    logLevel: "silent",
  });
  const [, output] = Object.entries(result.metafile.outputs).find(([path]) => path.endsWith(".mjs"))!;
  const owners = byOwner(output);
  return {
    entry,
    bytes: output.bytes,
    awsSdkBytes: owners.filter((o) => awsSdkPackage.test(o.name)).reduce((sum, o) => sum + o.bytes, 0),
    heaviest: owners.slice(0, heaviestShown),
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

/**
 * Prints each Lambda bundle's size, the AWS SDK's share of it and its heaviest packages; true when every one
 * is under the limit.
 */
export async function reportBundleSizes(write = (line: string) => process.stdout.write(`${line}\n`)) {
  const sizes = await Promise.all(lambdaEntries().map(bundleSize));
  const width = Math.max(...sizes.map((s) => s.entry.length));
  const percent = (part: number, whole: number) => `${Math.round((100 * part) / whole)}%`;
  const sdkExternal = externalModules.includes("@aws-sdk/*");
  write(
    `Lambda bundles as deployed (esbuild, minified ESM, ${bundleTarget}, ` +
      `${externalModules.length === 0 ? "nothing external" : `external: ${externalModules.join(", ")}`}; ` +
      `target: each under ${kb(bundleLimitBytes)})`,
  );
  for (const s of sizes) {
    const over = s.bytes >= bundleLimitBytes;
    const sdk =
      sdkExternal && s.awsSdkBytes === 0
        ? "AWS SDK: the runtime's"
        : `AWS SDK ${kb(s.awsSdkBytes)} in it (${percent(s.awsSdkBytes, s.bytes)})`;
    write(
      `  ${s.entry.padEnd(width)}  ${kb(s.bytes).padStart(8)}  ${over ? "OVER 1 MB" : "ok       "}  ${sdk}`,
    );
    write(
      `  ${" ".repeat(width)}  heaviest: ${s.heaviest.map((h) => `${h.name} ${kb(h.bytes)}`).join(", ")}`,
    );
  }
  return sizes.every((s) => s.bytes < bundleLimitBytes);
}

if (import.meta.main) process.exitCode = (await reportBundleSizes()) ? 0 : 1;
