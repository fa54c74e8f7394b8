/**
 * The layout rules of DESIGN.md, by dependency-cruiser with the repository's .dependency-cruiser.cjs:
 * no import cycle (type imports included), another top-level folder reached only through its
 * index.ts, kube/ importing nothing of ours. A small tree with one violation of each shows that the
 * rules catch them.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, writeTree } from "./support/cli.js";

const CRUISE = join(ROOT, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs");
const SOURCES = ["kube", "catalog", "metrics", "stacks", "policies", "dashboards", "bin", "bench", "scripts", "tests"];

interface Violation {
  readonly rule: { readonly name: string };
  readonly from: string;
  readonly to: string;
  readonly cycle?: readonly ({ name: string } | string)[];
}

function cruise(cwd: string, folders: readonly string[]): Violation[] {
  const r = spawnSync(
    process.execPath,
    [CRUISE, "--config", ".dependency-cruiser.cjs", "--output-type", "json", ...folders],
    { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  expect(r.stdout, r.stderr).not.toBe("");
  return (JSON.parse(r.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

const show = (v: Violation) => `${v.rule.name}: ${v.from} -> ${v.to}`;

describe("layout", () => {
  it("has no import cycle and no deep import across top-level folders; kube/ imports nothing of ours", () => {
    expect(cruise(ROOT, SOURCES).map(show)).toEqual([]);
  });

  const tree = writeTree({
    "tsconfig.json": JSON.stringify({
      compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", strict: true },
    }),
    "kube/index.ts": `import type { Estate } from "../catalog/index.js";\nexport type K = Estate;\n`,
    "catalog/index.ts": `export interface Estate { name: string }\n`,
    "stacks/index.ts": `export * from "./a.js";\n`,
    "stacks/a.ts": `import type { B } from "./b.js";\nexport interface A { b?: B }\n`,
    "stacks/b.ts": `import type { A } from "./a.js";\nexport interface B { a?: A }\n`,
    "policies/index.ts": `import type { A } from "../stacks/a.js";\nimport type { B } from "../stacks/index.js";\nexport type P = A | B;\n`,
  });
  copyFileSync(join(ROOT, ".dependency-cruiser.cjs"), join(tree, ".dependency-cruiser.cjs"));
  afterAll(() => rmSync(tree, { recursive: true, force: true }));

  it("catches a type-only cycle, a deep import and kube/ importing upwards", () => {
    const found = cruise(tree, ["kube", "catalog", "stacks", "policies"]);
    const names = found.map(show).sort();
    expect(names).toContain("kube-is-the-ground-floor: kube/index.ts -> catalog/index.ts");
    expect(names).toContain("no-deep-import: policies/index.ts -> stacks/a.ts");
    expect(
      names.some(
        (n) =>
          n.startsWith("no-circular: stacks/a.ts -> stacks/b.ts") ||
          n.startsWith("no-circular: stacks/b.ts -> stacks/a.ts"),
      ),
    ).toBe(true);
    // Through the index is allowed.
    expect(names.some((n) => n.includes("-> stacks/index.ts"))).toBe(false);
  });
});
