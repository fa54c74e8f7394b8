/**
 * The loader reads well-formed files on a fast path (js-yaml) and anything unusual on the exact path
 * (`yaml`, with its syntax tree). Both must give the same values and the same document positions.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { LineCounter, parseAllDocuments, type Node } from "yaml";
import { parseYaml } from "../../catalog/source.js";
import { ROOT } from "../support/cli.js";

/** What the exact path gives: every document's value and where its content starts. */
function exact(file: string, text: string) {
  const lc = new LineCounter();
  return parseAllDocuments(text, { lineCounter: lc, uniqueKeys: true, strict: true })
    .filter((d) => d.contents !== null)
    .map((d) => {
      const p = lc.linePos((d.contents as Node).range![0]);
      return { value: d.toJS(), source: { file, line: p.line, column: p.col } };
    });
}

const parsed = (file: string, text: string) =>
  parseYaml(file, text).documents.map((d) => ({ value: d.value, source: d.source }));

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? yamlFiles(p) : p.endsWith(".yaml") ? [p] : [];
  });
}

describe("parseYaml", () => {
  it("reads every file of the embedded catalog as the exact parser does", () => {
    const files = yamlFiles(join(ROOT, "catalog"));
    expect(files.length).toBeGreaterThan(100);
    for (const path of files) {
      const file = relative(ROOT, path);
      const text = readFileSync(path, "utf8");
      expect(parsed(file, text), file).toEqual(exact(file, text));
    }
  });

  const cases: Record<string, string> = {
    "leading comments and a marker": "# a comment\n\n---\n# another\napiVersion: v1\nkind: A\n",
    "several documents with comments between": "a: 1\n---\n\n# two\nb: [1, 2]\n---\n  c: x\n",
    "an inline document after the marker": "--- { a: 1 }\n--- b\n",
    "a directive": "%YAML 1.2\n---\na: 1\n",
    "Windows line endings": "# c\r\na: 1\r\n---\r\nb: 2\r\n",
    "scalars the core schema reads": 'a: 2026-11-23\nb: yes\nc: 0o14\nd: 1e3\ne: ~\nf: "x: y"\ng: .inf\n',
    "block scalars": "a: |\n  line one\n  line two\nb: >-\n  folded\n  text\n",
    "anchors and aliases (exact path)": "a: &x { b: 1 }\nc: *x\n",
    "a document end marker": "a: 1\n...\n---\nb: 2\n",
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`agrees with the exact parser on ${name}`, () => {
      expect(parsed("f.yaml", text)).toEqual(exact("f.yaml", text));
    });
  }

  it("reports syntax errors from the exact parser, at their line", () => {
    const r = parseYaml("f.yaml", "a: 1\na: 2\n");
    expect(r.documents).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([["yaml-duplicate-key", 2]]);
  });
});
