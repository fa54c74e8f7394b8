import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { govcloud, STACK_TRACE, writeTree } from "../support/cli.js";
import { tinyCatalog } from "../support/tiny-catalog.js";

interface Row {
  system: string;
  phase: string;
  deadline: string | null;
  deadlineSource: string | null;
  daysOverdue: number;
  budgetHold: boolean;
  rate: string;
}
const row = (v: { systems: Row[] }, system: string) => v.systems.find((s) => s.system === system)!;

describe("govcloud migration (embedded estate, 2026-11-23)", () => {
  const json = govcloud(["migration", "--format", "json"]);
  const v = JSON.parse(json.stdout);

  it("lists Changzhi's overdue departments on budget hold and the provincial and Datong overdue ones without", () => {
    expect(json.stderr).toBe("");
    expect(json.status).toBe(0);
    expect(v.holds.map((h: { department: string }) => h.department)).toEqual([
      "changzhi-education",
      "changzhi-health",
      "changzhi-housing",
      "changzhi-hrss",
    ]);
    expect(v.holds[1].systems).toEqual([
      { system: "changzhi-health/regional-health", deadline: "2026-09-30", daysOverdue: 54 },
    ]);
    expect(v.holds[1].clause).toContain("三(二)4");
    expect(row(v, "local-finance/risk-monitoring")).toMatchObject({ daysOverdue: 146, budgetHold: false });
    expect(row(v, "datong-hrss/labor-arbitration")).toMatchObject({
      budgetHold: false,
      deadlineSource: "tier-default",
    });
  });

  it("shows every phase, and a deadline with its source: the record's, or the tier default's clause", () => {
    for (const p of [
      "inventoried",
      "assessed",
      "migrating",
      "cutover",
      "migrated",
      "decommissioned",
      "exempt",
      "retired",
    ])
      expect(v.phases[p], p).toBeGreaterThan(0);
    expect(row(v, "water/reservoir-monitoring")).toMatchObject({
      deadline: "2019-12-31",
      deadlineSource: "tier-default",
      daysOverdue: 2519,
    });
    expect(row(v, "water/reservoir-monitoring")).toHaveProperty("deadlineClause", expect.stringContaining("一(二)"));
    expect(row(v, "changzhi-education/student-aid")).toMatchObject({ deadline: "2020-12-31", budgetHold: true });
    expect(row(v, "changzhi-education/student-aid")).toHaveProperty(
      "deadlineClause",
      expect.stringContaining("长治市加快数字政府建设实施方案 二"),
    );
    expect(row(v, "changzhi-health/regional-health")).toMatchObject({ deadlineSource: "record" });
  });

  it("computes 上云率 over the systems that must move: exempt and retired left out, cutover not yet on", () => {
    const changzhi = v.byDivision.find((d: { key: string }) => d.key === "140400");
    const rows = v.systems.filter((s: Row & { division: string }) => s.division === "140400");
    const count = (c: string) => rows.filter((s: Row) => s.rate === c).length;
    expect(changzhi).toMatchObject({
      name: "长治市",
      systems: count("on") + count("off"),
      excluded: count("excluded"),
    });
    expect(changzhi.excluded).toBe(2); // exam-security (exempt), open-government (retired)
    expect(changzhi.migrated).toBe(count("on"));
    expect(row(v, "changzhi-housing/construction-permit")).toMatchObject({ phase: "cutover", rate: "off" });
    expect(v.province.systems + v.province.excluded).toBe(v.systems.length);
  });

  it("prints a table finance can read, and CSV", () => {
    const t = govcloud(["migration"]);
    expect(t.status).toBe(0);
    expect(t.stdout).toMatch(/changzhi-health\/regional-health\s+migrating\s+2026-09-30\s+record\s+54\s+BUDGET HOLD/);
    expect(t.stdout).toMatch(
      /water\/reservoir-monitoring\s+inventoried\s+2019-12-31\s+default: 晋政办发〔2019〕92号 一\(二\)\s+2519\s+OVERDUE/,
    );
    expect(t.stdout).toContain("上云率");
    expect(t.stdout).toMatch(/140400 长治市 市直/);
    const c = govcloud(["migration", "--format", "csv", "--department", "changzhi-health"]);
    expect(c.status).toBe(0);
    expect(c.stdout.trim().split("\n")).toEqual([
      "system,department,division,phase,legacyLocation,deadline,deadlineSource,deadlineClause,completed,daysOverdue,warning,budgetHold,rate",
      "changzhi-health/regional-health,changzhi-health,140400,migrating,长治市卫生健康委员会自建机房,2026-09-30,record,,,54,false,true,off",
    ]);
  });

  it("moves with --today: a year on, the provincial science-tech system due 2027-06-30 is overdue", () => {
    const later = JSON.parse(govcloud(["migration", "--format", "json", "--today", "2027-11-23"]).stdout);
    expect(row(later, "science-tech/project-management")).toMatchObject({
      phase: "inventoried",
      daysOverdue: 146,
      budgetHold: false,
    });
    expect(later.holds.map((h: { department: string }) => h.department)).toEqual([
      "changzhi-approval",
      "changzhi-education",
      "changzhi-health",
      "changzhi-housing",
      "changzhi-hrss",
    ]);
  });

  it("refuses an unknown department, a bad --today or --warn-days with exit 2, no stack trace", () => {
    for (const args of [
      ["--department", "nope"],
      ["--today", "2026-13-40"],
      ["--warn-days", ""],
      ["--warn-days", "0x10"],
      ["--warn-days", "-3"],
    ]) {
      const r = govcloud(["migration", ...args]);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).not.toMatch(STACK_TRACE);
    }
  });
});

describe("govcloud migration refuses a bad inventory entry at file:line:col, exit 2", () => {
  const portal = "requests/health/portal.yaml";
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const run = (edit: (text: string) => string) => {
    const files = tinyCatalog();
    files[portal] = edit(files[portal] as string);
    const dir = writeTree(files);
    dirs.push(dir);
    return govcloud(["migration", "--catalog", dir, "--estate", "t"]);
  };
  const withMigration = (m: string) => (t: string) =>
    t.replace("  dr: { level: 4 }\n", `  dr: { level: 4 }\n  migration: ${m}\n`);

  it.each([
    [
      "a deadline before the record's own creation",
      withMigration(
        `{ legacyLocation: 自建机房, deadline: "2025-06-30", phase: inventoried, inventoried: "2026-03-01" }`,
      ),
      "migration-deadline-before-inventory",
      19,
    ],
    [
      "an unknown department",
      (t: string) => t.replace("department: health", "department: heath"),
      "ref-unknown-department",
      7,
    ],
    [
      "migrated without its completed date",
      withMigration(`{ legacyLocation: 自建机房, phase: migrated, assessed: "2026-01-10", cutover: "2026-05-01" }`),
      "migration-phase-without-evidence",
      19,
    ],
    [
      "decommissioned without the legacy switch-off date",
      withMigration(
        `{ legacyLocation: 自建机房, phase: decommissioned, assessed: "2026-01-10", cutover: "2026-05-01", completed: "2026-05-20" }`,
      ),
      "migration-phase-without-evidence",
      19,
    ],
    [
      "exempt without its exemption",
      withMigration(`{ legacyLocation: 涉密机房, phase: exempt }`),
      "migration-phase-without-evidence",
      19,
    ],
    [
      "retired without the zombie review",
      withMigration(`{ legacyLocation: 自建机房, phase: retired, retired: "2026-04-30" }`),
      "migration-phase-without-evidence",
      19,
    ],
    ["an unknown phase", withMigration(`{ legacyLocation: 自建机房, phase: planned }`), "schema-enum", 19],
  ])("%s", (_, edit, code, line) => {
    const r = run(edit);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).toMatch(
      new RegExp(`^${portal.replace(/[./]/g, "\\$&")}:${line}:\\d+\\s+(error\\s+)?${code}\\b`, "m"),
    );
  });
});

describe("govcloud validate refuses migration evidence dated after today at file:line:col, exit 2", () => {
  const portal = "requests/health/portal.yaml";
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const validate = (migration: string, today: string) => {
    const files = tinyCatalog();
    files[portal] = (files[portal] as string).replace(
      "  dr: { level: 4 }\n",
      `  dr: { level: 4 }\n  migration: ${migration}\n`,
    );
    const dir = writeTree(files);
    dirs.push(dir);
    return govcloud(["validate", "--catalog", dir, "--estate", "t", "--today", today]);
  };
  const migrated = `{ legacyLocation: 自建机房, phase: migrated, assessed: "2026-01-10", cutover: "2026-05-01", completed: "2026-12-20" }`;

  it("a migrated record completed after --today: the date is still ahead, so it is not on the cloud yet", () => {
    const r = validate(migrated, "2026-11-23");
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    const col = `  migration: ${migrated}`.indexOf('"2026-12-20"') + 1;
    expect(r.stderr).toMatch(
      new RegExp(
        `^${portal.replace(/[./]/g, "\\$&")}:19:${col}\\s+(error\\s+)?migration-evidence-in-future\\b.*completed \\(2026-12-20\\)`,
        "m",
      ),
    );
  });

  it("the same record is valid once --today reaches its completed date", () => {
    const r = validate(migrated, "2026-12-20");
    expect(r.stderr).not.toMatch(/migration-evidence-in-future/);
    expect(r.status).toBe(0);
  });

  it("a decommissioned record switched off after --today, and a retirement reviewed after --today", () => {
    const decommissioned = validate(
      `{ legacyLocation: 自建机房, phase: decommissioned, assessed: "2026-01-10", cutover: "2026-05-01", completed: "2026-05-20", legacySwitchedOff: "2027-01-05" }`,
      "2026-11-23",
    );
    expect(decommissioned.status).toBe(2);
    expect(decommissioned.stderr).toMatch(
      /^\S+:19:\d+\s+(error\s+)?migration-evidence-in-future\b.*legacySwitchedOff \(2027-01-05\)/m,
    );
    const retired = validate(
      `{ legacyLocation: 自建机房, phase: retired, retired: "2026-12-01", zombieReview: { date: "2026-11-30", reviewedBy: 省大数据局, criteria: [idle, unused] } }`,
      "2026-11-23",
    );
    expect(retired.status).toBe(2);
    expect(retired.stderr).toMatch(/migration-evidence-in-future\b.*retired \(2026-12-01\)/);
    expect(retired.stderr).toMatch(/migration-evidence-in-future\b.*zombieReview\.date \(2026-11-30\)/);
  });
});
