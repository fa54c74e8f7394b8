/**
 * The typing mistakes behind a YAML syntax error are named where they are (issue 17, item 10); valid
 * YAML with the same characters inside values is never second-guessed.
 */
import { describe, expect, it } from "vitest";
import { parseYaml } from "../../catalog/index.js";
import { yamlTypos } from "../../catalog/yaml-typos.js";

const at = (text: string) => parseYaml("f.yaml", text).diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`);

describe("typing mistakes", () => {
  it("name the mistake once, even with knock-on parser errors below it", () => {
    expect(at("a:\n  b： 1\n  c: 2\n  d: 3\n")).toEqual(["2:4 yaml-fullwidth-colon"]);
    expect(at("a:\n\u3000\u3000b: 1\n  c: 2\n  d: 3\n")).toEqual(["2:1 yaml-unicode-space-indent"]);
    expect(at("a:\n  b: { x: 1, y: 2\n  c: 3\n")).toEqual(["2:18 yaml-unclosed-flow"]);
    expect(at("- { a: 1， b: 2 }\n")).toEqual(["1:9 yaml-fullwidth-comma"]);
  });

  it("a mistake in one document does not hide the other documents", () => {
    const r = parseYaml("f.yaml", "a： 1\nb: 2\n---\nc: 3\n");
    expect(r.diagnostics.map((d) => `${d.line} ${d.code}`)).toEqual(["1 yaml-fullwidth-colon"]);
    expect(r.documents.map((d) => d.value)).toEqual([{ c: 3 }]);
  });

  it("leave valid YAML alone: full-width colons, commas and spaces inside values and block scalars", () => {
    const text = [
      "description: 说明：用于审批，备案",
      'contact: { name: 王敏，李强, note: "a： b" }',
      "list: [甲，乙]",
      "notes: |",
      "  step1： not YAML here",
      "  \u3000\u3000indented with full-width spaces, inside a block scalar",
      "  { unclosed",
      "after: ok",
      "",
    ].join("\n");
    const r = parseYaml("f.yaml", text);
    expect(r.diagnostics).toEqual([]);
    expect(r.documents[0]!.value).toMatchObject({ description: "说明：用于审批，备案", list: ["甲，乙"], after: "ok" });
    // and the scan itself finds nothing outside the block scalar
    expect(yamlTypos("f.yaml", text).map((d) => d.line)).toEqual([]);
  });

  it("an alias bomb is a diagnostic at the first alias, not an exception", () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (const [name, prev] of [
      ["b", "a"],
      ["c", "b"],
      ["d", "c"],
      ["e", "d"],
    ])
      lines.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(",")}]`);
    const r = parseYaml("f.yaml", `${lines.join("\n")}\n`);
    expect(r.documents).toEqual([]);
    expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(["2:8 yaml-alias-expansion"]);
  });
});
