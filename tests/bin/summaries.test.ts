/**
 * What the summaries print is true of what was asked (issue 17, item 11): `plan --node X` prints no
 * estate-wide lines, and `dr` prints capacities as a person writes them (435.2, not 435.20000000000005).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { govcloud, ROOT, writeTree } from "../support/cli.js";
import { tinyCatalog } from "../support/tiny-catalog.js";

describe("summaries", () => {
  it("plan --node X speaks of node X only", () => {
    const out = join(mkdtempSync(join(tmpdir(), "govcloud-node-")), "out");
    const r = govcloud([
      "plan",
      "--catalog",
      writeTree(tinyCatalog()),
      "--estate",
      "t",
      "--node",
      "province",
      "--out",
      out,
      "--engine",
      "manifests",
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^plan of cloud node province \(estate t\): 2 namespaces, \d+ objects$/m);
    expect(r.stdout).not.toMatch(/^(network|backbone):/m);
    expect(r.stdout).not.toContain("city-140200");
    const all = govcloud([
      "plan",
      "--catalog",
      writeTree(tinyCatalog()),
      "--estate",
      "t",
      "--out",
      `${out}-all`,
      "--engine",
      "manifests",
    ]);
    expect(all.stdout).toMatch(/^network: /m);
  });

  it("dr prints capacities to one decimal, never binary floating-point noise", () => {
    const r = govcloud(["dr", "--catalog", join(ROOT, "catalog")]);
    expect(r.stdout).toContain("datong-pingcheng");
    expect(r.stdout).not.toMatch(/\d\.\d{2,}/);
  });
});
