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
    const m = `{ legacyLocation: 自建机房, deadline: "2026-10-24", phase: migrating }`;
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
      `{ legacyLocation: 自建机房, deadline: "2026-10-24", phase: migrated, completed: "2026-11-01" }`,
      "140000",
    );
    const v = migrationView(e, { today: "2026-11-23" });
    expect(v.holds).toEqual([]);
    expect(v.province.rate).toBe(1);
  });

  it("warns inside the configurable window, not outside it", () => {
    const e = estateWith(`{ legacyLocation: 自建机房, deadline: "2027-01-22", phase: planned }`);
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
});
