/** Generated files stay in step with what they are generated from. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assembleEstate, loadCatalog } from "../../catalog/index.js";
import { rules } from "../../policies/index.js";
import { CODEOWNERS_PATH, renderCodeowners } from "../../scripts/codeowners.js";
import { DOC_PATH, MLPS_DOC_PATH, renderMlpsList, renderRuleList, updateDoc, updateMlpsDoc } from "../../scripts/policy-docs.js";
import { ROOT } from "../support/cli.js";
import { TODAY, tinyCatalog, toFiles } from "../support/tiny-catalog.js";

describe("CODEOWNERS", () => {
  it("gives each department its request folder and the security team the exceptions", () => {
    const estate = assembleEstate("/t", toFiles(tinyCatalog()), { estate: "t", today: TODAY }).estate!;
    const lines = renderCodeowners(estate, "org").split("\n");
    expect(lines).toContain("/catalog/requests/health/           @org/health");
    expect(lines).toContain("/catalog/requests/datong-approval/  @org/datong-approval");
    expect(lines).toContain("/catalog/exceptions/                @org/security");
    // CODEOWNERS: the last matching line wins, so the catch-all must come first.
    expect(lines.findIndex((l) => l.startsWith("*"))).toBeLessThan(lines.findIndex((l) => l.startsWith("/catalog/")));
  });

  it("is up to date with the embedded estate's departments (npm run gen:codeowners)", async () => {
    const loaded = await loadCatalog(join(ROOT, "catalog"), { today: TODAY });
    expect(loaded.estate, "the embedded catalog must load").toBeDefined();
    expect(readFileSync(join(ROOT, CODEOWNERS_PATH), "utf8")).toBe(renderCodeowners(loaded.estate!));
  });
});

describe("docs/policies.md", () => {
  it("lists every rule of the registry (npm run gen:policy-docs)", () => {
    const doc = readFileSync(join(ROOT, DOC_PATH), "utf8");
    expect(doc).toBe(updateDoc(doc));
    for (const r of rules) expect(renderRuleList()).toContain(`| \`${r.id}\` |`);
  });
});

describe("docs/mlps.md", () => {
  it("lists every MLPS rule as the registry has it (npm run gen:policy-docs)", () => {
    const doc = readFileSync(join(ROOT, MLPS_DOC_PATH), "utf8");
    expect(doc).toBe(updateMlpsDoc(doc));
    for (const r of rules.filter((x) => x.pack === "mlps2" || x.pack === "mlps3")) expect(renderMlpsList()).toContain(`| \`${r.id}\` |`);
  });
});
