/**
 * The README's department steps run green as written (issue 17, item 2): its example request, put in
 * a copy of the embedded catalog, passes `validate --changed` and `check --changed`, and nothing asks
 * the department to edit the DR ledger (the operators' file).
 */
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { govcloud, ROOT } from "../support/cli.js";

describe("the README's department steps", () => {
  it("the example request passes validate --changed and check --changed", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const step = readme.slice(readme.indexOf("### How a department adds a system"));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(step)![1]!.replace(/^ {3}/gm, "");
    const file = /catalog\/requests\/health\/[a-z-]+\.yaml/.exec(step)![0]!.replace(/^catalog\//, "");
    const dir = mkdtempSync(join(tmpdir(), "govcloud-readme-"));
    cpSync(join(ROOT, "catalog"), join(dir, "catalog"), { recursive: true });
    writeFileSync(join(dir, "catalog", file), yaml);
    expect(step).toContain(`govcloud validate --changed ${file}`);
    expect(step).toContain(`govcloud check --changed ${file}`);
    const v = govcloud(["validate", "--changed", file], { cwd: dir });
    expect(v.stderr).toBe("");
    expect(v.status).toBe(0);
    const c = govcloud(["check", "--changed", file], { cwd: dir });
    expect(c.stdout).toMatch(/^PASS/m);
    expect(c.status).toBe(0);
    expect(c.stdout).not.toContain("DR-LED-001");
    // the ledger is mentioned only as the operators' step
    expect(`${c.stdout}${c.stderr}`).not.toMatch(/commit the ledger with this change/);
  });
});
