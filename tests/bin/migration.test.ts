import { describe, expect, it } from "vitest";
import { govcloud, STACK_TRACE } from "../support/cli.js";

describe("govcloud migration (embedded estate, 2026-11-23)", () => {
  it("lists Changzhi's overdue health platform on budget hold and the provincial overdue ones without", () => {
    const r = govcloud(["migration", "--format", "json"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const v = JSON.parse(r.stdout);
    expect(v.holds.map((h: { department: string }) => h.department)).toEqual(["changzhi-health"]);
    expect(v.holds[0].systems).toEqual([
      { system: "changzhi-health/regional-health", deadline: "2026-09-30", daysOverdue: 54 },
    ]);
    const local = v.systems.find((s: { system: string }) => s.system === "local-finance/risk-monitoring");
    expect(local).toMatchObject({ daysOverdue: 146, budgetHold: false, division: "140000" });
    const changzhi = v.byDivision.find((d: { key: string }) => d.key === "140400");
    expect(changzhi.migrated).toBeLessThan(changzhi.systems);
  });

  it("prints a table finance can read, and CSV", () => {
    const t = govcloud(["migration"]);
    expect(t.status).toBe(0);
    expect(t.stdout).toMatch(/changzhi-health\/regional-health\s+migrating\s+2026-09-30\s+54\s+BUDGET HOLD/);
    expect(t.stdout).toContain("上云率");
    const c = govcloud(["migration", "--format", "csv", "--department", "changzhi-health"]);
    expect(c.status).toBe(0);
    expect(c.stdout.trim().split("\n")).toEqual([
      "system,department,division,phase,legacyLocation,deadline,completed,daysOverdue,warning,budgetHold",
      "changzhi-health/regional-health,changzhi-health,140400,migrating,长治市卫生健康委员会自建机房,2026-09-30,,54,false,true",
    ]);
  });

  it("moves with --today: a year on, the provincial science-tech system planned for 2027-06-30 is overdue", () => {
    const v = JSON.parse(govcloud(["migration", "--format", "json", "--today", "2027-11-23"]).stdout);
    const row = v.systems.find((s: { system: string }) => s.system === "science-tech/project-management");
    expect(row).toMatchObject({ phase: "planned", daysOverdue: 146, budgetHold: false });
    expect(v.holds.map((h: { department: string }) => h.department)).toEqual([
      "changzhi-approval",
      "changzhi-health",
      "changzhi-hrss",
    ]);
  });

  it("refuses an unknown department and a bad --today with exit 2, no stack trace", () => {
    for (const args of [
      ["--department", "nope"],
      ["--today", "2026-13-40"],
    ]) {
      const r = govcloud(["migration", ...args]);
      expect(r.status).toBe(2);
      expect(r.stderr).not.toMatch(STACK_TRACE);
    }
  });
});
