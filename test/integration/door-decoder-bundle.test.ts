import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import {
  bundleTarget,
  copyBesideBundle,
  externalModules,
  mainFields,
  requireBanner,
  webBesideBundle,
} from "../../stacks/bundle-settings.ts";
import { nodeBin } from "./cli-harness.ts";

/**
 * The door page's fallback QR decoder (jsQR, ~250 KB) is read on the first door page, not at start-up, and it
 * goes with the web Lambda (a file beside its bundle), so scanning works on AWS without BarcodeDetector too.
 */
const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const jsQrPath = createRequire(import.meta.url).resolve("jsqr/dist/jsQR.js");
const jsQr = readFileSync(jsQrPath, "utf8");
const hashOf = (s: string) => `'sha256-${createHash("sha256").update(s).digest("base64")}'`;
const scratch = mkdtempSync(join(tmpdir(), "rsvp-door-decoder-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const bundleSettings = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: bundleTarget,
  mainFields,
  banner: { js: requireBanner },
  external: externalModules,
  minify: true,
  logLevel: "silent",
} as const;

describe("the door's QR decoder", () => {
  it("is not read when the web app starts, only on the first door page", async () => {
    // A resolve hook says when anything asks for the jsqr package; the app's modules are loaded first.
    const hooks = join(scratch, "hooks.mjs");
    writeFileSync(
      hooks,
      `import { registerHooks } from "node:module";
registerHooks({ resolve(specifier, context, next) {
  if (specifier.includes("jsqr")) process.stdout.write("jsqr asked for\\n");
  return next(specifier, context);
} });`,
    );
    const script = `
const { createWebApp } = await import(${JSON.stringify(join(repoRoot, "producers/web/app.ts"))});
if (typeof createWebApp !== "function") throw new Error("no web app");
process.stdout.write("web app loaded\\n");
const { doorDecoder } = await import(${JSON.stringify(join(repoRoot, "producers/web/door-script.ts"))});
const decoder = await doorDecoder();
process.stdout.write("decoder " + decoder.source.length + "\\n");`;
    const { stdout } = await run(nodeBin, ["--import", hooks, "--input-type=module", "-e", script], {
      cwd: repoRoot,
    });
    const lines = stdout.trim().split("\n");
    expect(lines[0]).toBe("web app loaded");
    expect(lines).toContain("jsqr asked for");
    expect(lines.at(-1)).toBe(`decoder ${jsQr.length}`);
  }, 60_000);

  it("goes beside the web bundle: bundled and copied as the stack does, it needs no node_modules", async () => {
    const dir = join(scratch, "bundle");
    await build({
      ...bundleSettings,
      stdin: {
        contents: `import { doorDecoder } from "./producers/web/door-script.ts";
const d = await doorDecoder();
process.stdout.write(JSON.stringify({ length: d.source.length, hash: d.hash }));`,
        resolveDir: repoRoot,
        loader: "ts",
      },
      outfile: join(dir, "index.mjs"),
    });
    // The stack's afterBundling hook: the same commands.
    for (const command of copyBesideBundle(webBesideBundle, repoRoot.replace(/\/$/, ""), dir))
      await run("sh", ["-c", command]);
    // Run from a folder with no node_modules above it: the decoder can only come from beside the bundle.
    const { stdout } = await run(nodeBin, [join(dir, "index.mjs")], { cwd: scratch });
    expect(JSON.parse(stdout)).toEqual({ length: jsQr.length, hash: hashOf(jsQr) });
  }, 60_000);

  it("is not inside the web function's bundle (which stays under its 1 MB target)", async () => {
    const result = await build({
      ...bundleSettings,
      entryPoints: [join(repoRoot, "runtime/aws/web.ts")],
      absWorkingDir: repoRoot,
      metafile: true,
      write: false,
      outdir: join(scratch, "web"),
    });
    expect(Object.keys(result.metafile.inputs).filter((path) => path.includes("jsqr"))).toEqual([]);
  }, 120_000);
});
