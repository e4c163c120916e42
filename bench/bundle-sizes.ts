/**
 * The size of each Lambda bundle: every entry under runtime/aws/ that exports a `handler`, bundled by esbuild
 * with the settings the CDK stack bundles it with (stacks/bundle-settings.ts), measured from esbuild's
 * metafile. Target: each well under 1 MB minified; one at 1 MB or more is flagged, with what weighs most in it.
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
export const bundleLimitBytes = 1024 * 1024;

export interface BundleSize {
  entry: string;
  bytes: number;
  /** The heaviest packages (or the app's own folders) in the bundle, by bytes in the output. */
  heaviest: { name: string; bytes: number }[];
}

/** The Lambda entries: runtime/aws/*.ts files that export a handler (helpers such as env.ts do not). */
export function lambdaEntries(): string[] {
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

function heaviest(output: Metafile["outputs"][string], count: number): BundleSize["heaviest"] {
  const byOwner = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs))
    byOwner.set(owner(input), (byOwner.get(owner(input)) ?? 0) + bytesInOutput);
  return [...byOwner]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, bytes]) => ({ name, bytes }));
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
    outdir: "out",
    outExtension: { ".js": ".mjs" },
    logLevel: "silent",
  });
  const [, output] = Object.entries(result.metafile.outputs).find(([path]) => path.endsWith(".mjs"))!;
  return { entry, bytes: output.bytes, heaviest: heaviest(output, 3) };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

/** Prints each Lambda bundle's size; true when every one is under the limit. */
export async function reportBundleSizes(write = (line: string) => process.stdout.write(`${line}\n`)) {
  const sizes = await Promise.all(lambdaEntries().map(bundleSize));
  const width = Math.max(...sizes.map((s) => s.entry.length));
  write(
    `Lambda bundles (esbuild, minified ESM, ${bundleTarget}; target: each under ${kb(bundleLimitBytes)})`,
  );
  for (const s of sizes) {
    const over = s.bytes >= bundleLimitBytes;
    const weight = s.heaviest.map((h) => `${h.name} ${kb(h.bytes)}`).join(", ");
    write(
      `  ${s.entry.padEnd(width)}  ${kb(s.bytes).padStart(8)}  ${over ? "OVER 1 MB" : "ok       "}  (${weight})`,
    );
  }
  return sizes.every((s) => s.bytes < bundleLimitBytes);
}

if (import.meta.main) process.exitCode = (await reportBundleSizes()) ? 0 : 1;
