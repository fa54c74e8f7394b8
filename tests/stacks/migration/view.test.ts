import { describe, expect, it } from "vitest";
import { assembleEstate } from "../../../catalog/index.js";
import { migrationView } from "../../../stacks/migration/index.js";
import { tinyCatalog, toFiles, TODAY } from "../../support/tiny-catalog.js";

type Texts = Record<string, string | Uint8Array>;
const portal = "requests/health/portal.yaml";

function estateWith(migration: string | undefined, scope?: string) {
  const t: Texts = tinyCatalog();
  if (migration)
    t[portal] = (t[portal] as string).replace(
      "  dr: { level: 4 }\n",
      `  dr: { level: 4 }\n  migration: ${migration}\n`,
    );
  const r = assembleEstate("/catalog", toFiles(t), { estate: "t", today: TODAY, changed: [] });
  expect(r.diagnostics).toEqual([]);
  const e = r.estate!;
  if (scope === undefined) return e;
  const policy = { ...e.estate.doc.spec.policy, budgetHoldScope: [scope] };
  return {
    ...e,
    estate: { ...e.estate, doc: { ...e.estate.doc, spec: { ...e.estate.doc.spec, policy } } },
  } as typeof e;
}

describe("migrationView", () => {
  it("counts a system without a migration record as on the cloud", () => {
    const v = migrationView(estateWith(undefined), { today: "2026-11-23" });
    expect(v.province.rate).toBe(1);
    expect(v.holds).toEqual([]);
    expect(v.systems.every((s) => s.daysOverdue === 0 && !s.warning)).toBe(true);
  });

  it("puts an overdue system's department on budget hold only where the scope says", () => {
    const m = `{ legacyLocation: 自建机房, deadline: "2026-10-24", phase: migrating, assessed: "2026-01-10" }`;
    const outside = migrationView(estateWith(m), { today: "2026-11-23" });
    const row = outside.systems.find((s) => s.system === "health/portal")!;
    expect(row).toMatchObject({ phase: "migrating", deadline: "2026-10-24", daysOverdue: 30, budgetHold: false });
    expect(outside.holds).toEqual([]);
    const province = estateWith(m).estate.doc.spec.province.code;
    const inside = migrationView(estateWith(m, province), { today: "2026-11-23" });
    expect(inside.holds).toEqual([
      {
        department: "health",
        systems: [{ system: "health/portal", deadline: "2026-10-24", daysOverdue: 30 }],
        clause: expect.stringContaining("三(二)4"),
      },
    ]);
    const rate = inside.byDepartment.find((r) => r.key === "health")!;
    expect(rate.migrated).toBe(rate.systems - 1);
    expect(inside.province.rate).toBeLessThan(1);
  });

  it("the hold lifts when the system is migrated", () => {
    const e = estateWith(
      `{ legacyLocation: 自建机房, deadline: "2026-10-24", phase: migrated, assessed: "2026-01-10", cutover: "2026-10-20", completed: "2026-11-01" }`,
      "140000",
    );
    const v = migrationView(e, { today: "2026-11-23" });
    expect(v.holds).toEqual([]);
    expect(v.province.rate).toBe(1);
  });

  it("warns inside the configurable window, not outside it", () => {
    const e = estateWith(
      `{ legacyLocation: 自建机房, deadline: "2027-01-22", phase: assessed, assessed: "2026-09-01" }`,
    );
    const row = (warnDays: number) =>
      migrationView(e, { today: "2026-11-23", warnDays }).systems.find((s) => s.system === "health/portal")!;
    expect(row(90).warning).toBe(true);
    expect(row(30).warning).toBe(false);
    expect(row(90).daysOverdue).toBe(0);
  });

  it("filters by department", () => {
    const v = migrationView(estateWith(undefined), { today: "2026-11-23", department: "health" });
    expect(v.systems.length).toBeGreaterThan(0);
    expect(new Set(v.systems.map((s) => s.department))).toEqual(new Set(["health"]));
    expect(
      migrationView(estateWith(undefined), { today: "2026-11-23", department: "datong-approval" }).systems.filter(
        (s) => s.department === "health",
      ),
    ).toEqual([]);
  });

  it("takes the tier default when the record names no deadline, and says where it comes from", () => {
    const v = migrationView(estateWith(`{ legacyLocation: 自建机房, phase: assessed, assessed: "2026-09-01" }`), {
      today: "2026-11-23",
    });
    const row = v.systems.find((s) => s.system === "health/portal")!;
    // health is a provincial department: 晋政办发〔2019〕92号 一(二), 2019年底前 省直单位政务信息系统全部迁移上云.
    expect(row).toMatchObject({ deadline: "2019-12-31", deadlineSource: "tier-default", daysOverdue: 2519 });
    expect(row.deadlineClause).toContain("一(二)");
    const own = migrationView(
      estateWith(`{ legacyLocation: 自建机房, deadline: "2027-06-30", phase: assessed, assessed: "2026-09-01" }`),
      { today: "2026-11-23" },
    ).systems.find((s) => s.system === "health/portal")!;
    expect(own).toMatchObject({ deadline: "2027-06-30", deadlineSource: "record", deadlineClause: null });
  });

  it("a cut-over system past its deadline is still overdue; migrated and decommissioned count as on the cloud", () => {
    const at = (m: string) =>
      migrationView(estateWith(m, "140000"), { today: "2026-11-23" }).systems.find(
        (s) => s.system === "health/portal",
      )!;
    expect(
      at(
        `{ legacyLocation: 自建机房, deadline: "2026-10-24", phase: cutover, assessed: "2026-01-10", cutover: "2026-10-01" }`,
      ),
    ).toMatchObject({ daysOverdue: 30, budgetHold: true, rate: "off" });
    expect(
      at(
        `{ legacyLocation: 自建机房, deadline: "2026-10-24", phase: decommissioned, assessed: "2026-01-10", cutover: "2026-10-01", completed: "2026-10-10", legacySwitchedOff: "2026-11-01" }`,
      ),
    ).toMatchObject({ daysOverdue: 0, budgetHold: false, rate: "on" });
  });

  it("leaves exempt and retired systems out of the rate's denominator and never holds them", () => {
    const base = migrationView(estateWith(undefined), { today: "2026-11-23" });
    for (const m of [
      `{ legacyLocation: 涉密机房, deadline: "2020-01-01", phase: exempt, exemption: { reason: classified, approvedBy: 省卫健委保密委员会, date: "2025-12-01" } }`,
      `{ legacyLocation: 自建机房, deadline: "2020-01-01", phase: retired, zombieReview: { date: "2026-03-01", reviewedBy: 省审计厅, criteria: [idle, unused] }, retired: "2026-04-30" }`,
    ]) {
      const v = migrationView(estateWith(m, "140000"), { today: "2026-11-23" });
      const row = v.systems.find((s) => s.system === "health/portal")!;
      expect(row).toMatchObject({ daysOverdue: 0, budgetHold: false, warning: false, rate: "excluded" });
      expect(v.holds).toEqual([]);
      expect(v.province).toMatchObject({
        systems: base.province.systems - 1,
        migrated: base.province.migrated - 1,
        excluded: 1,
      });
      expect(v.phases[row.phase]).toBe(1);
    }
  });
});
