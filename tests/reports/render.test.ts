/**
 * One view model, several renderers: the numbers of JSON, Markdown and HTML agree; the HTML is
 * self-contained (no script, no external reference), accessible (scoped headers, captions, chart text
 * alternatives); without Prometheus nothing is measured and says so; an empty estate is a plain report.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { cloudUsage, loadCatalog, type Estate } from "../../catalog/index.js";
import {
  catalogFamilies,
  formatValue,
  renderCsv,
  renderHtml,
  renderJson,
  renderMarkdown,
  situationReport,
  usageReport,
  type Report,
} from "../../reports/index.js";
import { THRESHOLDS } from "../../dashboards/index.js";
import { ROOT } from "../support/cli.js";
import { join } from "node:path";
import { departmentFigures, departmentUsageFigures } from "./department-figures.js";

const TODAY = "2026-11-23";
const AT = Date.parse(`${TODAY}T00:00:00Z`) / 1000;
let estate: Estate;
const reports: Report[] = [];
/** A department whose figures differ from the province's on most KPIs (mlps, findings, migration, ...). */
const DEPT = "sports";

beforeAll(async () => {
  const r = await loadCatalog(join(ROOT, "catalog"), { today: TODAY });
  estate = r.estate!;
  const families = catalogFamilies(estate, TODAY);
  for (const lang of ["zh", "en"] as const) {
    reports.push(situationReport({ estate, families, lang, at: AT }), usageReport({ estate, families, lang, at: AT }));
  }
  // reports[4], reports[5]: the department's situation report (zh, en), checked by every test below too.
  const mine = catalogFamilies(estate, TODAY, { department: DEPT });
  for (const lang of ["zh", "en"] as const)
    reports.push(situationReport({ estate, families: mine, lang, at: AT, department: DEPT }));
  // reports[6], reports[7]: the department's usage report (zh, en), checked by every test below too.
  for (const lang of ["zh", "en"] as const)
    reports.push(usageReport({ estate, families, lang, at: AT, department: DEPT }));
}, 60_000);

describe("reports from the catalog", () => {
  it("every KPI has a source; the autonomy target is seed 002 §2(2) ≥ 80%", () => {
    for (const r of reports) for (const k of r.kpis) expect(k.source.length, k.id).toBeGreaterThan(3);
    const autonomy = reports[0]!.kpis.find((k) => k.id === "autonomy")!;
    expect(autonomy.target).toMatchObject({ op: ">=", value: 0.8 });
    expect(autonomy.source).toContain("§2(2)");
    expect(autonomy.value).toBeGreaterThan(0);
  });

  it("the migration and quota-utilisation KPIs cite seed 002 §4(1), whose words they quote (not box 9)", () => {
    // Seed 002 四(一) reads “持续推进全省各类非涉密政务信息系统迁移上云工作” and “提升云资源的利用率和使用效率”;
    // its box 9 (专栏9 政务云平台优化升级工程) says neither, and “加快推进信息系统迁移工作” is box 13's.
    const kpi = (r: Report, id: string) => r.kpis.find((k) => k.id === id)!;
    for (const r of reports.filter((x) => x.kind === "situation")) {
      expect(kpi(r, "migration").source).toContain("§4(1)");
      expect(kpi(r, "migration").source).toContain("持续推进全省各类非涉密政务信息系统迁移上云工作");
      expect(kpi(r, "migration").source).not.toMatch(/专栏9|box 9/);
    }
    for (const r of reports.filter((x) => x.kind === "usage")) {
      expect(kpi(r, "quotaUtil").source).toContain("§4(1)");
      expect(kpi(r, "quotaUtil").source).toContain("提升云资源的利用率和使用效率");
      expect(kpi(r, "quotaUtil").source).not.toMatch(/专栏9|box 9/);
    }
  });

  it("the idle rule states the GovcloudQuotaIdle thresholds the idle table applies, in both languages", () => {
    const percent = `${Math.round(THRESHOLDS.quotaIdle * 1000) / 10}%`;
    const notes = reports
      .filter((r) => r.sections.some((s) => s.id === "idle"))
      .map((r) => r.sections.find((s) => s.id === "idle")!.notes.join(" "));
    expect(notes).toHaveLength(4);
    for (const n of notes) {
      expect(n).toContain(percent);
      expect(n).toContain(`${THRESHOLDS.quotaIdleMinCores} vCPU`);
      expect(n).toContain("GovcloudQuotaIdle");
    }
  });

  it("the usage report's requested vCPU per node is validate's (exempt and retired systems reserve nothing)", () => {
    const usage = reports.find((r) => r.kind === "usage")!;
    const clouds = usage.sections.flatMap((s) => s.tables).find((t) => t.id === "clouds")!;
    const col = clouds.columns.findIndex((c) => c.key === "requestedCpu");
    const offCloud = estate.requests.filter((r) => ["exempt", "retired"].includes(r.doc.spec.migration?.phase ?? ""));
    expect(offCloud.length).toBeGreaterThan(0);
    for (const u of cloudUsage(estate)) {
      const row = clouds.rows.find((r) => r[0] === u.cloud)!;
      expect(row[col], u.cloud).toBeCloseTo(u.requested.vcpu, 6);
    }
    const systems = usage.sections.flatMap((s) => s.tables).find((t) => t.id === "departments")!;
    const n = systems.rows.reduce((a, r) => a + (r[1] as number), 0);
    expect(n).toBe(estate.requests.length - offCloud.length);
  });

  it("--department: the budget-hold table lists that department only", () => {
    const families = catalogFamilies(estate, TODAY);
    const holds = (r: Report) => r.sections.flatMap((s) => s.tables).find((t) => t.id === "holds")!.rows;
    const all = holds(situationReport({ estate, families, lang: "en", at: AT }));
    expect(all.length).toBeGreaterThan(1);
    const held = estate.departments.find((d) => d.doc.spec.englishName === all[0]![0])!.doc.metadata.name;
    const other = estate.departments.find((d) => d.doc.metadata.name !== held)!.doc.metadata.name;
    const scoped = (department: string) =>
      situationReport({
        estate,
        families: catalogFamilies(estate, TODAY, { department }),
        lang: "en",
        at: AT,
        department,
      });
    expect(holds(scoped(held))).toEqual([all[0]]);
    expect(holds(scoped(other))).toEqual(
      all.filter((r) => r[0] === estate.index.department.get(other)!.doc.spec.englishName),
    );
  });

  it("--department: every headline figure is the department's, computed from the catalog; none is the province's unlabelled", () => {
    const [zh, en] = [reports[4]!, reports[5]!];
    const province = reports[2]!;
    const want = departmentFigures(estate, TODAY, DEPT);
    const value = (r: Report, id: string) => r.kpis.find((k) => k.id === id)!.value;
    for (const r of [zh, en]) {
      for (const [id, v] of Object.entries(want)) {
        if (v === undefined) expect(value(r, id), id).toBeUndefined();
        else expect(value(r, id), id).toBeCloseTo(v, 12);
      }
      // The zombie candidates are the department's systems only.
      const zombies = r.sections.find((s) => s.id === "zombies")!.tables[0]!.rows;
      expect(value(r, "zombies")).toBe(zombies.length);
      for (const row of zombies) expect(String(row[0])).toMatch(new RegExp(`^${DEPT}/`));
    }
    // The department is not the province: its figures differ where they are its own ...
    for (const id of ["migration", "autonomy", "mlps", "findings", "holds"])
      expect(value(en, id), id).not.toBeCloseTo(value(province, id)!, 6);
    // ... and the figures of the province by nature are the province's, and say so.
    for (const id of ["ipv6", "backbone"]) {
      expect(value(en, id)).toBe(value(province, id));
      expect(en.kpis.find((k) => k.id === id)!.label).toMatch(/\(province-wide\)$/);
      expect(zh.kpis.find((k) => k.id === id)!.label).toMatch(/（全省）$/);
    }
    for (const id of ["migration", "autonomy", "mlps", "dr", "findings", "exceptions", "holds", "zombies"])
      expect(en.kpis.find((k) => k.id === id)!.label).not.toMatch(/province/);
    // The tables agree with the headline: one department row, its systems.
    const table = (r: Report, id: string) => r.sections.flatMap((s) => s.tables).find((t) => t.id === id)!;
    const systems = estate.requests.filter((x) => x.doc.spec.department === DEPT).length;
    expect(table(en, "departments").rows).toHaveLength(1);
    expect(table(en, "departments").rows[0]![1]).toBe(systems);
    expect(table(en, "mlps").rows.reduce((n, row) => n + (row[1] as number), 0)).toBe(systems);
    expect(table(en, "findings").rows.reduce((n, row) => n + (row[2] as number), 0)).toBe(want.findings);
    expect(table(en, "clouds").rows.map((row) => row[0])).toEqual(
      [...new Set(estate.requests.filter((x) => x.doc.spec.department === DEPT).map((x) => x.doc.spec.cloud))].sort(),
    );
  });

  it("--department: the title, subtitle and notices name the scope, in both languages and every format", () => {
    const [zh, en] = [reports[4]!, reports[5]!];
    const d = estate.index.department.get(DEPT)!.doc.spec;
    expect(zh.title).toBe(`${d.displayName}政务云态势感知报告`);
    expect(en.title).toBe(`Government cloud situational awareness report: ${d.englishName}`);
    expect(zh.subtitle).toContain(`范围: 部门 ${d.displayName} (${DEPT})`);
    expect(en.subtitle).toContain(`Scope: department ${d.englishName} (${DEPT})`);
    expect(zh.notices[0]).toContain("本报告限于一个部门");
    expect(en.notices[0]).toContain("This report covers one department");
    expect(en.scope).toEqual({ department: DEPT });
    expect(reports[2]!.scope).toBeUndefined();
    for (const r of [zh, en]) {
      const html = renderHtml(r);
      expect(html).toContain(`<title>${r.title}</title>`);
      expect(html).toContain(r.notices[0]);
      expect(renderMarkdown(r)).toContain(`# ${r.title}`);
      expect((JSON.parse(renderJson(r)) as Report).scope).toEqual({ department: DEPT });
      // CSV: the department's figures, not the province's.
      const csv = renderCsv(r);
      const findings = r.kpis.find((k) => k.id === "findings")!;
      expect(csv).toContain(`,${findings.label},${findings.value},count,`);
    }
  });

  it("usage --department: every figure is the department's, computed from the catalog, or labelled whose it is", () => {
    const [zh, en] = [reports[6]!, reports[7]!];
    const province = reports[3]!;
    const want = departmentUsageFigures(estate, DEPT);
    expect(want.systems.length).toBeGreaterThan(0);
    const kpi = (r: Report, id: string) => r.kpis.find((k) => k.id === id)!;
    const table = (r: Report, id: string) => r.sections.flatMap((s) => s.tables).find((t) => t.id === id)!;
    const col = (r: Report, id: string, key: string) => table(r, id).columns.findIndex((c) => c.key === key);
    for (const r of [zh, en]) {
      // Its quota and its share of the province's capacity; the capacity is the province's and says so.
      expect(kpi(r, "requestedCpu").value).toBe(want.requestedCpu);
      expect(kpi(r, "capacityCpu").value).toBe(want.provinceCpu);
      expect(kpi(r, "requestedShare").value).toBeCloseTo(want.requestedCpu / want.provinceCpu, 12);
      // The node alert's target is on a node's total requests, not on one department's share.
      expect(kpi(r, "requestedShare").target).toBeUndefined();
      // The per-node table: the nodes it is on, its requests there, its share of each whole node.
      const clouds = table(r, "clouds");
      expect(clouds.rows.map((row) => row[0])).toEqual([...want.byCloud.keys()].sort());
      for (const row of clouds.rows) {
        const cap = estate.index.cloud.get(String(row[0]))!.doc.spec.capacity.vcpu;
        expect(row[col(r, "clouds", "capacityCpu")]).toBe(cap);
        expect(row[col(r, "clouds", "requestedCpu")]).toBe(want.byCloud.get(String(row[0])));
        expect(row[col(r, "clouds", "requestedShare")]).toBeCloseTo(want.byCloud.get(String(row[0]))! / cap, 12);
      }
      // One department row; its systems only, in the top table as in the headline.
      expect(table(r, "departments").rows).toHaveLength(1);
      expect(table(r, "departments").rows[0]![1]).toBe(want.systems.length);
      expect(table(r, "departments").rows[0]![2]).toBe(want.requestedCpu);
      expect(
        table(r, "top")
          .rows.map((row) => row[0])
          .sort(),
      ).toEqual(want.systems.slice(0, 10));
      for (const row of table(r, "zombies").rows) expect(String(row[0])).toMatch(new RegExp(`^${DEPT}/`));
    }
    // Not the province's figures ...
    expect(kpi(en, "requestedCpu").value).not.toBe(kpi(province, "requestedCpu").value);
    expect(kpi(en, "requestedShare").value).not.toBeCloseTo(kpi(province, "requestedShare").value!, 6);
    expect(table(en, "clouds").rows.length).toBeLessThan(table(province, "clouds").rows.length);
    // ... and what is not the department's says whose it is, in both languages.
    expect(kpi(en, "capacityCpu").label).toBe("vCPU capacity (province-wide)");
    expect(kpi(zh, "capacityCpu").label).toBe("vCPU 容量（全省）");
    expect(kpi(en, "requestedShare").label).toBe("This department's requested share of the province's capacity");
    expect(table(en, "clouds").columns.map((c) => c.label)).toEqual(
      expect.arrayContaining(["vCPU capacity (whole node)", "Memory capacity (whole node)"]),
    );
    expect(table(zh, "clouds").columns.map((c) => c.label)).toContain("vCPU 容量（整个节点）");
    for (const id of ["requestedCpu", "usedCpu", "quotaUtil", "idle", "zombies"])
      expect(en.kpis.find((k) => k.id === id)!.label).not.toMatch(/province|whole node/);
    // Title, subtitle, notice and JSON scope as the situation report's, in every format.
    const d = estate.index.department.get(DEPT)!.doc.spec;
    expect(zh.title).toBe(`${d.displayName}政务云资源使用情况报告`);
    expect(en.title).toBe(`Government cloud resource usage report: ${d.englishName}`);
    expect(zh.subtitle).toContain(`范围: 部门 ${d.displayName} (${DEPT})`);
    expect(en.subtitle).toContain(`Scope: department ${d.englishName} (${DEPT})`);
    expect(zh.notices[0]).toContain("本报告限于一个部门");
    expect(en.notices[0]).toContain("This report covers one department");
    expect(province.scope).toBeUndefined();
    for (const r of [zh, en]) {
      expect(renderHtml(r)).toContain(`<title>${r.title}</title>`);
      expect(renderHtml(r)).toContain(r.notices[0]);
      expect(renderMarkdown(r)).toContain(`# ${r.title}`);
      expect((JSON.parse(renderJson(r)) as Report).scope).toEqual({ department: DEPT });
      expect(renderCsv(r)).toContain(`,${kpi(r, "requestedCpu").label},${want.requestedCpu},cores,`);
    }
  });

  it("usage --department with measurements of another scope is refused, and the estate's with a department's", () => {
    const measured = (department?: string) => ({
      url: "http://prometheus.invalid",
      ...(department ? { department } : {}),
      start: AT - 3600,
      end: AT,
      kpiNow: {},
      kpiTrend: {},
      systemCpu: new Map<string, number>(),
      systemMemory: new Map<string, number>(),
      systemStorage: new Map<string, number>(),
      cpuTrend: [],
      seconds: 0,
    });
    const families = catalogFamilies(estate, TODAY);
    expect(() =>
      usageReport({ estate, families, lang: "en", at: AT, department: DEPT, measurements: measured() }),
    ).toThrow(/usageReport: department sports, but the measurements are the whole estate's/);
    expect(() =>
      usageReport({
        estate,
        families,
        lang: "en",
        at: AT,
        department: DEPT,
        measurements: measured("culture-tourism"),
      }),
    ).toThrow(/the measurements are department culture-tourism's/);
    expect(() => usageReport({ estate, families, lang: "en", at: AT, measurements: measured(DEPT) })).toThrow(
      /usageReport: the whole estate, but the measurements are department sports's/,
    );
  });

  it("--node: the notice says the key indicators other than zombie candidates are not per node", () => {
    const families = catalogFamilies(estate, TODAY);
    const r = situationReport({ estate, families, lang: "en", at: AT, node: "province" });
    expect(r.scope).toEqual({ node: "province" });
    expect(r.subtitle).toContain("Scope: cloud node province");
    expect(r.notices[0]).toMatch(/the other key indicators are not per node: they are the province's/);
    // They are indeed the province's.
    expect(r.kpis.filter((k) => k.id !== "zombies").map((k) => k.value)).toEqual(
      reports[2]!.kpis.filter((k) => k.id !== "zombies").map((k) => k.value),
    );
  });

  it("--department with the whole estate's families is refused, not rendered under the department's name", () => {
    const families = catalogFamilies(estate, TODAY);
    expect(() => situationReport({ estate, families, lang: "en", at: AT, department: DEPT })).toThrow(
      /families count department .* too: give catalogFamilies\(estate, today, \{ department: "sports" \}\)/,
    );
  });

  it("the per-city table aggregates the 11 cities of the divisions (市), apart from the per-node table", () => {
    const table = (r: Report, id: string) => r.sections.flatMap((s) => s.tables).find((t) => t.id === id)!;
    const cities = table(reports[0]!, "cities");
    const divisions = estate.divisions.doc.spec.cities;
    expect(divisions).toHaveLength(11);
    // The provincial departments' row, then the 11 cities in code order with their county counts.
    expect(cities.rows.slice(1).map((r) => r[0])).toEqual(
      [...divisions].sort((a, b) => (a.code < b.code ? -1 : 1)).map((c) => `${c.name} (${c.code})`),
    );
    expect(cities.rows.slice(1).map((r) => r[1])).toEqual(
      [...divisions].sort((a, b) => (a.code < b.code ? -1 : 1)).map((c) => c.counties.length),
    );
    // Every department is in exactly one row, and so is every system: the rows add up to the department table.
    const sum = (t: typeof cities, col: string) =>
      t.rows.reduce((n, r) => n + (r[t.columns.findIndex((c) => c.key === col)] as number), 0);
    expect(sum(cities, "departments")).toBe(estate.departments.length);
    expect(sum(cities, "systems")).toBe(sum(table(reports[0]!, "departments"), "systems"));
    // A city's departments are its municipal ones.
    const taiyuan = cities.rows.find((r) => String(r[0]).includes("140100"))!;
    expect(taiyuan[2]).toBe(
      estate.departments.filter((d) => d.doc.spec.level === "municipal" && d.doc.spec.city === "140100").length,
    );
    // The per-node table says it is per cloud node, not per city.
    expect(table(reports[0]!, "clouds").title).toContain("不是按地市");
    expect(table(reports[2]!, "clouds").title).toContain("not by city");
  });

  it("the PR comment's quota and DR tables are the same table model and Markdown renderer as the reports'", async () => {
    const policies = await import("../../policies/index.js");
    const reportsModule = await import("../../reports/index.js");
    expect(reportsModule.markdownTable).toBe(policies.markdownTable);
    expect(reportsModule.formatValue).toBe(policies.formatValue);
    const [systems, clouds] = policies.quotaTables(estate, [
      `${estate.requests[0]!.doc.spec.department}/${estate.requests[0]!.doc.metadata.name}`,
    ]);
    const md = policies.markdownTable(clouds!, "en", 4);
    // Shares are ratios formatted as the reports format them; numbers right-aligned.
    expect(md).toMatch(/\| \d+\.\d% \|/);
    expect(md.split("\n")[3]).toMatch(/^\| --- \| ---: \|/);
    expect(systems!.rows).toHaveLength(1);
    expect(
      reportsModule.markdownTable(reportsModule.drTable("en", new Map([["3", 2]]), new Map([["3", 1]])), "en"),
    ).toContain("| 3 | 2 | 1 | 50.0% |");
  });

  it("the PR comment's 'of which this change' counts only what the change reserves (an exempt system: nothing)", async () => {
    const policies = await import("../../policies/index.js");
    const exempt = estate.requests.find((r) => r.doc.spec.migration?.phase === "exempt")!;
    const key = `${exempt.doc.spec.department}/${exempt.doc.metadata.name}`;
    const [systems, clouds] = policies.quotaTables(estate, [key]);
    const vcpu = systems!.columns.findIndex((c) => c.key === "vcpu");
    expect(systems!.rows[0]![vcpu]).toBeGreaterThan(0); // what the request declares
    const change = clouds!.columns.findIndex((c) => c.key === "change");
    expect(clouds!.rows.map((r) => [r[0], r[change]])).toEqual([[exempt.doc.spec.cloud, 0]]);
  });

  it("without Prometheus nothing is measured: a notice, used CPU is no data (null), not 0", () => {
    const usage = reports[1]!;
    expect(usage.measured).toBe(false);
    expect(usage.notices[0]).toContain("未连接 Prometheus");
    expect(usage.kpis.find((k) => k.id === "usedCpu")!.value).toBeUndefined();
    const json = JSON.parse(renderJson(usage)) as Report;
    expect(json.kpis.find((k) => k.id === "usedCpu")!.value).toBeNull();
    expect(renderMarkdown(usage)).toContain("无数据");
  });

  it("numbers agree across JSON, Markdown, HTML and CSV", () => {
    for (const r of reports) {
      const json = JSON.parse(renderJson(r)) as Report;
      const md = renderMarkdown(r);
      const html = renderHtml(r);
      const csv = renderCsv(r);
      for (const k of json.kpis) {
        const text = formatValue(k.value ?? undefined, k.unit, r.lang);
        expect(md).toContain(`| ${k.label} | ${text} |`);
        expect(html).toMatch(
          new RegExp(
            `data-kpi="${k.id}"><div class="l">[^<]*</div><div class="v[^"]*" data-value>${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}</div>`,
          ),
        );
        if (k.value !== null) expect(csv).toContain(`,${k.value},${k.unit},`);
      }
      for (const s of json.sections)
        for (const tb of s.tables)
          for (const row of tb.rows) {
            const cells = row.map((c, i) =>
              typeof c === "string" ? c : formatValue(c ?? undefined, tb.columns[i]!.unit, r.lang),
            );
            expect(md).toContain(`| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`);
          }
    }
  });

  it("the HTML is self-contained and accessible", () => {
    for (const r of reports) {
      const html = renderHtml(r);
      expect(html).not.toMatch(/<script|<link|@import|url\(|src="http|href="http/i);
      expect(html).toContain(`<html lang="${r.lang === "zh" ? "zh-CN" : "en"}">`);
      expect(html).toContain("@page{size:A4");
      expect((html.match(/<th scope="col">/g) ?? []).length).toBeGreaterThan(5);
      expect((html.match(/<caption>/g) ?? []).length).toBeGreaterThan(1);
      const figures = html.match(/<figure id="c-[^"]+">/g) ?? [];
      expect(figures.length).toBeGreaterThan(0);
      expect((html.match(/<svg role="img" aria-labelledby=/g) ?? []).length).toBe(figures.length);
    }
  });

  it("rendering is deterministic", () => {
    const families = catalogFamilies(estate, TODAY);
    expect(renderHtml(situationReport({ estate, families, lang: "zh", at: AT }))).toBe(renderHtml(reports[0]!));
  });

  it("an empty estate gives a plain report, not an error", () => {
    const empty = { ...estate, requests: [] } as Estate;
    const families = catalogFamilies(empty, TODAY);
    const s = situationReport({ estate: empty, families, lang: "en", at: AT });
    expect(s.sections[0]!.notes).toContain("The catalog has no systems.");
    expect(s.kpis.find((k) => k.id === "autonomy")!.value).toBeUndefined();
    const u = usageReport({ estate: empty, families, lang: "en", at: AT });
    expect(u.notices).toContain("The catalog has no systems.");
    expect(renderHtml(u)).toContain("The catalog has no systems.");
  });
});

describe("report queries", () => {
  it("name only series of metrics/ (definitions, external, or recorded by a rule)", async () => {
    const { reportQueries } = await import("../../reports/index.js");
    const { allRecords } = await import("../../dashboards/index.js");
    const { queryProblems } = await import("../support/queries.js");
    const recorded = new Set(allRecords().map((r) => r.record));
    const problems = Object.entries(reportQueries()).flatMap(([id, q]) =>
      queryProblems(`report query ${id}`, q, recorded),
    );
    expect(problems).toEqual([]);
  });
});
