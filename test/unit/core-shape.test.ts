import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * The shape core/ keeps as it grows: no import cycle (ports are leaves, implementations import them, never the
 * other way round), and no function longer than a reader holds in their head.
 */
const root = resolve(import.meta.dirname, "../..");
const core = join(root, "core");
const longest = 80;

function sourcesIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourcesIn(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

function parse(path: string): ts.SourceFile {
  return ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true);
}

/** The core files a file imports (type-only imports too: a cycle of types is still a cycle to a reader). */
function importsOf(file: ts.SourceFile): string[] {
  const targets: string[] = [];
  for (const statement of file.statements) {
    const from =
      (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier;
    if (!from || !ts.isStringLiteral(from) || !from.text.startsWith(".")) continue;
    const target = resolve(dirname(file.fileName), from.text);
    if (target.startsWith(core)) targets.push(target);
  }
  return targets;
}

/** Every import cycle among the files, each as the chain of files that closes it. */
function cyclesIn(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const visit = (node: string, path: string[]) => {
    const at = path.indexOf(node);
    if (at >= 0) {
      cycles.push([...path.slice(at), node]);
      return;
    }
    if (done.has(node)) return;
    for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
    done.add(node);
  };
  for (const node of graph.keys()) visit(node, []);
  return cycles;
}

/** Functions (declarations, methods, arrows, generators) longer than `longest` lines, as "file:line name (n lines)". */
function longFunctions(file: ts.SourceFile): string[] {
  const found: string[] = [];
  const walk = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const start = file.getLineAndCharacterOfPosition(node.getStart(file)).line;
      const end = file.getLineAndCharacterOfPosition(node.getEnd()).line;
      const name = node.name && ts.isIdentifier(node.name) ? node.name.text : "(anonymous)";
      if (end - start + 1 > longest)
        found.push(`${relative(root, file.fileName)}:${start + 1} ${name} (${end - start + 1} lines)`);
    }
    ts.forEachChild(node, walk);
  };
  walk(file);
  return found;
}

describe("the shape of core/", () => {
  const files = sourcesIn(core).map(parse);

  it("has no import cycle", () => {
    const graph = new Map(files.map((f) => [f.fileName, importsOf(f)]));
    const cycles = cyclesIn(graph).map((cycle) => cycle.map((p) => relative(root, p)).join(" → "));
    expect(cycles).toEqual([]);
  });

  it("finds a cycle when there is one", () => {
    const graph = new Map([
      ["ports", ["contracts"]],
      ["keeper", ["ports", "decisions"]],
      ["decisions", ["thanks"]],
      ["thanks", ["keeper"]],
    ]);
    expect(cyclesIn(graph)).toEqual([["keeper", "decisions", "thanks", "keeper"]]);
  });

  it(`has no function longer than ${longest} lines`, () => {
    expect(files.flatMap(longFunctions)).toEqual([]);
  });
});
