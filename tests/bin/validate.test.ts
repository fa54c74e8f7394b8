/**
 * `govcloud validate` as a user runs it: the built binary on a catalog folder. The loader's own tests
 * (tests/catalog/) cover the detail of each check; these prove the wiring end to end: every kind of bad
 * input reaches the user as a positioned diagnostic, in text and in JSON, with exit code 2 and never a
 * stack trace.
 */
import { closeSync, mkdtempSync, openSync, symlinkSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Diagnostic, EstateSummary } from "../../catalog/index.js";
import { govcloud, STACK_TRACE, writeTree, type CliResult } from "../support/cli.js";
import { tinyCatalog } from "../support/tiny-catalog.js";

type Texts = Record<string, string | Uint8Array>;
const PORTAL = "requests/health/portal.yaml";

/** The tiny catalog on disk, after `edit`; `after` may add what text cannot (links, big files). */
function catalog(edit: (t: Texts) => void = () => {}, after: (dir: string) => void = () => {}): string {
  const texts: Texts = tinyCatalog();
  edit(texts);
  const dir = writeTree(texts);
  after(dir);
  return dir;
}

/** Replaces exactly one occurrence, so a drifted fixture fails loudly instead of testing nothing. */
function replace(t: Texts, file: string, from: string, to: string): void {
  const text = t[file] as string;
  expect(text.split(from).length - 1, `${file} should contain "${from}" once`).toBe(1);
  t[file] = text.replace(from, to);
}

const validate = (dir: string, ...args: string[]) => govcloud(["validate", "--catalog", dir, "--estate", "t", ...args]);

interface JsonReport {
  valid: boolean;
  diagnostics: Diagnostic[];
  summary?: EstateSummary;
}

function noStack(r: CliResult): void {
  expect(r.stderr).not.toMatch(STACK_TRACE);
  expect(r.stdout).not.toMatch(STACK_TRACE);
  expect(r.stderr).not.toContain("internal error");
}

describe("a valid catalog", () => {
  it("prints the estate summary and exits 0", () => {
    const r = validate(catalog());
    noStack(r);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain(
      "estate t: 2 cloud nodes (3 sites), 2 departments, 1 systems, 1 offerings, 1 exceptions",
    );
    // requested against capacity, per cloud: the portal asks 4 VMs of 8 vCPU / 32 GiB on the province's 100 / 400
    expect(r.stdout).toMatch(/^province\s+provincial\s+1\s+32\s+100\s+32%\s+128\s+400\s+32%$/m);
    expect(r.stdout).toMatch(/^city-140200\s+city\s+0\s+0\s+50\s+0%\s+0\s+200\s+0%$/m);
  });

  it("prints one JSON document with the summary and no diagnostics", () => {
    const r = validate(catalog(), "--format", "json");
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.valid).toBe(true);
    expect(report.diagnostics).toEqual([]);
    expect(report.summary).toMatchObject({
      estate: "t",
      clouds: 2,
      departments: 2,
      systems: 1,
      offerings: 1,
      exceptions: 1,
    });
    expect(report.summary!.usage.find((u) => u.cloud === "province")).toMatchObject({
      systems: 1,
      requested: { vcpu: 32, memoryGiB: 128 },
      capacity: { vcpu: 100, memoryGiB: 400 },
    });
  });

  it("shows a warning but stays valid, and exits 0", () => {
    const dir = catalog((t) =>
      replace(t, "exceptions/portal-audit.yaml", 'expires: "2027-03-31"', 'expires: "2026-11-01"'),
    );
    const r = validate(dir);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("exceptions/portal-audit.yaml:11:12  warning exception-expired");
    expect(r.stderr).toContain("0 errors, 1 warning");
    expect(r.stdout).toContain("estate t:");
  });

  it("judges expiry by --today, and by GOVCLOUD_TODAY", () => {
    const dir = catalog();
    expect(validate(dir, "--today", "2027-04-01").stderr).toContain("warning exception-expired");
    expect(
      govcloud(["validate", "--catalog", dir, "--estate", "t"], { env: { GOVCLOUD_TODAY: "2027-04-01" } }).stderr,
    ).toContain("warning exception-expired");
    expect(validate(dir, "--today", "2027-03-01").stderr).toBe("");
  });

  it("makes an expired exception an error when the change brings it (--changed)", () => {
    const dir = catalog((t) =>
      replace(t, "exceptions/portal-audit.yaml", 'expires: "2027-03-31"', 'expires: "2026-11-01"'),
    );
    const r = validate(dir, "--changed", "exceptions/portal-audit.yaml");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("exceptions/portal-audit.yaml:11:12  exception-expired-on-arrival");
  });
});

describe("a node the plan over-reserves, warm standbys included (issue 17, item 1)", () => {
  // Datong is graded for the portal's warm standby and the ledger keeps it there. The node's own systems
  // (the shared namespace's 4 vCPU) fit its 30 vCPU, but with the 32 vCPU the standby reserves for a
  // failure of the province they do not: validate reports it as plan does, naming what fills the node.
  const overCommitted = () =>
    catalog((t) => {
      replace(
        t,
        "estates/t/clouds.yaml",
        "capacity: { vcpu: 50, memoryGiB: 200, storageTiB: 5 }\n  maxMlpsLevel: 2",
        "capacity: { vcpu: 30, memoryGiB: 200, storageTiB: 5 }\n  maxMlpsLevel: 3",
      );
      t["estates/t/dr-ledger.yaml"] = [
        "apiVersion: govcloud.io/v1alpha1",
        "kind: DrLedger",
        "metadata: { name: t }",
        "spec:",
        "  pairs:",
        "    - { system: health/portal, primary: prov-a, standby: dt-a, backup: dt-a }",
        "",
      ].join("\n");
    });
  const message = "the plan reserves 36 vCPU on city-140200, more than its capacity of 30 (120%)";
  const hint =
    "the largest: health-portal (32), datong-approval-shared (4); move systems or standbys to another node, or add capacity";

  it("an error at the node's capacity with the figures and the namespaces, exit 2, in text and JSON", () => {
    const dir = overCommitted();
    const text = validate(dir);
    noStack(text);
    expect(text.status).toBe(2);
    expect(text.stderr).toContain(`estates/t/clouds.yaml:27:21  node-over-capacity  ${message}`);
    expect(text.stderr).toContain(hint);
    const json = validate(dir, "--format", "json");
    expect(json.status).toBe(2);
    const report = JSON.parse(json.stdout) as JsonReport;
    expect(report.valid).toBe(false);
    expect(report.diagnostics.filter((d) => d.severity === "error")).toEqual([
      expect.objectContaining({ file: "estates/t/clouds.yaml", code: "node-over-capacity", message, hint }),
    ]);
    // plan reports the same error from the same figures
    const plan = govcloud([
      "plan",
      "--catalog",
      dir,
      "--estate",
      "t",
      "--out",
      join(mkdtempSync(join(tmpdir(), "govcloud-plan-")), "out"),
    ]);
    expect(plan.stderr).toContain(`node-over-capacity  ${message}`);
  });

  it("with room for the standby's failover load, the same catalog is valid", () => {
    const dir = catalog((t) => {
      replace(t, "estates/t/clouds.yaml", "maxMlpsLevel: 2", "maxMlpsLevel: 3");
      t["estates/t/dr-ledger.yaml"] = [
        "apiVersion: govcloud.io/v1alpha1",
        "kind: DrLedger",
        "metadata: { name: t }",
        "spec:",
        "  pairs:",
        "    - { system: health/portal, primary: prov-a, standby: dt-a, backup: dt-a }",
        "",
      ].join("\n");
    });
    const r = validate(dir, "--format", "json");
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as JsonReport).diagnostics.map((d) => d.code)).not.toContain("node-over-capacity");
  });
});

describe("the embedded Shanxi estate", () => {
  it("validates with the defaults, and the summary shows every cloud's requests against its capacity", () => {
    const json = govcloud(["validate", "--format", "json"]);
    expect(json.status).toBe(0);
    const report = JSON.parse(json.stdout) as JsonReport;
    expect(report.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const s = report.summary!;
    // "1+11+N": one provincial cloud, 11 city clouds, 8 industry clouds; >= 30 provincial departments; >= 40 systems
    expect(s.usage.map((u) => u.tier).sort()).toEqual(
      ["provincial", ...Array(11).fill("city"), ...Array(8).fill("industry")].sort(),
    );
    expect(s.departments).toBeGreaterThanOrEqual(30);
    expect(s.systems).toBeGreaterThanOrEqual(40);
    expect(s.offerings).toBeGreaterThanOrEqual(20);
    for (const u of s.usage) {
      expect(u.requested.vcpu, u.cloud).toBeLessThanOrEqual(u.capacity.vcpu);
      expect(u.requested.memoryGiB, u.cloud).toBeLessThanOrEqual(u.capacity.memoryGiB);
    }

    const text = govcloud(["validate"]);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain(
      `estate shanxi: ${s.clouds} cloud nodes (${s.sites} sites), ${s.departments} departments, ${s.systems} systems`,
    );
    const province = s.usage.find((u) => u.cloud === "province")!;
    expect(text.stdout).toMatch(
      new RegExp(
        `^province\\s+provincial\\s+${province.systems}\\s+${province.requested.vcpu}\\s+${province.capacity.vcpu}\\s`,
        "m",
      ),
    );
  });
});

interface BadCase {
  readonly name: string;
  readonly edit?: (t: Texts) => void;
  readonly after?: (dir: string) => void;
  readonly code: string;
  /** file:line:column of the one diagnostic with that code. */
  readonly at: string;
}

const bad: readonly BadCase[] = [
  {
    name: "bad indentation",
    edit: (t) => replace(t, PORTAL, "  cloud: province", "   cloud: province"),
    code: "yaml-bad-indent",
    at: `${PORTAL}:8:4`,
  },
  {
    name: "a tab as indentation",
    edit: (t) => replace(t, PORTAL, "  site: prov-a", "\tsite: prov-a"),
    code: "yaml-tab-as-indent",
    at: `${PORTAL}:9:1`,
  },
  {
    name: "a duplicate key",
    edit: (t) => replace(t, PORTAL, "  site: prov-a\n", "  site: prov-a\n  cloud: city-140200\n"),
    code: "yaml-duplicate-key",
    at: `${PORTAL}:10:3`,
  },
  {
    name: "a wrong type",
    edit: (t) => replace(t, PORTAL, "mlpsLevel: 3", 'mlpsLevel: "three"'),
    code: "schema-type",
    at: `${PORTAL}:10:14`,
  },
  {
    name: "a missing required field",
    edit: (t) => replace(t, PORTAL, "  owner: { name: 张伟, email: zhangwei@wjw.shanxi.gov.example }\n", ""),
    code: "schema-required",
    at: `${PORTAL}:5:1`,
  },
  {
    name: "an unknown enum value",
    edit: (t) => replace(t, PORTAL, "dataLevel: important", "dataLevel: secret"),
    code: "schema-enum",
    at: `${PORTAL}:11:14`,
  },
  {
    name: "an unknown cloud",
    edit: (t) => replace(t, PORTAL, "cloud: province", "cloud: provence"),
    code: "ref-unknown-cloud",
    at: `${PORTAL}:8:10`,
  },
  {
    name: "an unknown offering",
    edit: (t) => replace(t, PORTAL, "offering: vm", "offering: vmm"),
    code: "ref-unknown-offering",
    at: `${PORTAL}:16:17`,
  },
  {
    name: "a request in another department's folder",
    edit: (t) => {
      t["requests/datong-approval/portal.yaml"] = t[PORTAL]!;
      delete t[PORTAL];
    },
    code: "request-folder-mismatch",
    at: "requests/datong-approval/portal.yaml:7:15",
  },
  {
    name: "a duplicate system",
    edit: (t) => (t["requests/health/portal-copy.yaml"] = t[PORTAL]!),
    code: "duplicate-system",
    at: `${PORTAL}:4:9`,
  },
  {
    name: "requests over a node's capacity",
    // 4 VMs of 32 vCPU on a node of 100 vCPU; their 4 x 32 GiB still fit its 400 GiB
    edit: (t) => replace(t, PORTAL, "vcpu: 8,", "vcpu: 32,"),
    code: "capacity-exceeded",
    at: "estates/t/clouds.yaml:12:21",
  },
  {
    name: "an offering whose parameter schema is not a JSON Schema",
    edit: (t) => replace(t, "offerings/vm.yaml", "vcpu: { type: integer,", "vcpu: { type: integr,"),
    code: "offering-parameters-schema",
    at: "offerings/vm.yaml:12:3",
  },
  {
    name: "an empty file",
    edit: (t) => (t["exceptions/empty.yaml"] = ""),
    code: "file-empty",
    at: "exceptions/empty.yaml:1:1",
  },
  {
    name: "a binary file",
    edit: (t) =>
      (t["offerings/logo.yaml"] = new Uint8Array([
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
      ])),
    code: "file-binary",
    at: "offerings/logo.yaml:1:1",
  },
  {
    name: "a symlink leaving the catalog",
    after: (dir) => {
      const outside = mkdtempSync(join(tmpdir(), "govcloud-outside-"));
      writeFileSync(join(outside, "passwd.yaml"), "root: x\n");
      symlinkSync(join(outside, "passwd.yaml"), join(dir, "offerings", "leak.yaml"));
    },
    code: "file-symlink-escape",
    at: "offerings/leak.yaml:1:1",
  },
];

describe("bad input: exit 2, the exact diagnostic, no stack trace", () => {
  it.each(bad)("$name", ({ edit, after, code, at }) => {
    const dir = catalog(edit, after);

    const json = validate(dir, "--format", "json");
    noStack(json);
    expect(json.status).toBe(2);
    const report = JSON.parse(json.stdout) as JsonReport;
    expect(report.valid).toBe(false);
    expect(report.summary).toBeUndefined();
    const found = report.diagnostics.filter((d) => d.code === code);
    expect(
      found.map((d) => `${d.file}:${d.line}:${d.column}`),
      JSON.stringify(report.diagnostics, null, 1),
    ).toEqual([at]);
    expect(found[0]!.severity).toBe("error");
    expect(found[0]!.message).not.toBe("");
    expect(found[0]!.hint).not.toBe("");

    const text = validate(dir);
    noStack(text);
    expect(text.status).toBe(2);
    expect(text.stdout).toBe("");
    expect(text.stderr).toContain(`${at}  ${code}  ${found[0]!.message}\n    hint: ${found[0]!.hint}\n`);
    expect(text.stderr).toMatch(/\d+ errors?, \d+ warnings?\n/);
    expect(text.stderr).toContain(`catalog ${dir} is not valid`);
  });

  it("a huge file: refused by its size, in bounded time and memory", () => {
    const dir = catalog();
    const baseline = govcloud(["validate", "--catalog", dir, "--estate", "t"], { measure: true });
    // Written in chunks: a child's peak RSS starts from its parent's at fork, so the test stays small.
    const fd = openSync(join(dir, "requests/health/huge.yaml"), "w");
    const chunk = Buffer.alloc(1024 * 1024, "a: b\n");
    for (let i = 0; i < 256; i++) writeSync(fd, chunk);
    closeSync(fd);
    const r = govcloud(["validate", "--catalog", dir, "--estate", "t", "--format", "json"], { measure: true });
    noStack(r);
    expect(r.status).toBe(2);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)).toEqual([
      "requests/health/huge.yaml:1:1 file-too-large",
    ]);
    // Never read: a 256 MiB file costs no more memory than a valid run, and little time — CPU time, side by
    // side with the valid run (wall time on a loaded machine says nothing; parsing it would take many seconds).
    expect(r.cpuSeconds!).toBeLessThan(baseline.cpuSeconds! * 1.5 + 1);
    expect(r.peakRssMiB! - baseline.peakRssMiB!).toBeLessThan(32);
  });

  it("reports every problem of a run, sorted by file and line", () => {
    const dir = catalog((t) => {
      replace(t, PORTAL, "dataLevel: important", "dataLevel: secret");
      replace(t, "offerings/vm.yaml", "domestic: true", "domestic: yes-please");
      t["exceptions/empty.yaml"] = "";
      t["requests/health/tabs.yaml"] =
        "apiVersion: govcloud.io/v1alpha1\nkind: SystemRequest\nmetadata:\n\tname: tabs\n";
    });
    const r = validate(dir, "--format", "json");
    expect(r.status).toBe(2);
    expect((JSON.parse(r.stdout) as JsonReport).diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`)).toEqual([
      "exceptions/empty.yaml:1 file-empty",
      "offerings/vm.yaml:9 schema-type",
      "requests/health/portal.yaml:11 schema-enum",
      "requests/health/tabs.yaml:4 yaml-tab-as-indent",
    ]);
  });

  it("a catalog folder that does not exist", () => {
    const r = govcloud(["validate", "--catalog", join(tmpdir(), "govcloud-no-such-catalog")]);
    noStack(r);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("catalog-not-found");
  });

  it("an estate the catalog does not have, naming those it has", () => {
    const r = govcloud(["validate", "--catalog", catalog(), "--estate", "hebei"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("estates/hebei:1:1  estate-not-found");
    expect(r.stderr).toContain("use --estate with one of: t");
  });
});
