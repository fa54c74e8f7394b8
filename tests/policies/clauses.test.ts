/** Every rule cites a clause in one structured, known form; derived rules say so everywhere. */
import { describe, expect, it } from "vitest";
import { clauseProblems, cite, mlps, rules, sourceOf, SOURCES, formatMarkdown, toSarif, type Clause, type Finding } from "../../policies/index.js";
import { renderMlpsList, renderRuleList } from "../../scripts/policy-docs.js";

describe("rule clauses", () => {
  it("are all in the structured form, of a known source, titled as the source titles them", () => {
    const problems = rules.flatMap((r) => clauseProblems(r.clause).map((p) => `${r.id}: ${p}`));
    expect(problems).toEqual([]);
    for (const r of rules) {
      expect(Object.keys(r.clause).sort(), r.id).toEqual(r.clause.derived ? ["clause", "derived", "derivedFrom", "edition", "standard", "title"] : ["clause", "derived", "edition", "standard", "title"]);
      expect(r.clause.title.length, r.id).toBeGreaterThan(0);
    }
  });

  it("fail on a bare section heading, an unknown clause or source, a wrong title and an unexplained derivation", () => {
    expect(clauseProblems(mlps("7.2.4"))[0]).toMatch(/bare section heading/);
    expect(clauseProblems(mlps("8.1.3"))[0]).toMatch(/bare section heading/);
    expect(clauseProblems(cite("晋政办发〔2023〕82号", "2023-12-28", "四"))[0]).toMatch(/bare section heading/);
    expect(clauseProblems(mlps("8.1.4.99"))[0]).toMatch(/has no clause/);
    expect(clauseProblems(cite("GB/T 20988", "2007", "6"))[0]).toMatch(/unknown source/);
    expect(clauseProblems({ standard: "山西省数字政府建设规划 (seed 002)", edition: "2023", clause: "§4 一城墙", title: "x", derived: false })[0]).toMatch(/unknown source/);
    const wrongTitle: Clause = { ...mlps("8.1.3.1"), title: "网络架构: 划分网络区域" };
    expect(clauseProblems(wrongTitle)[0]).toMatch(/the source's is "安全区域边界—边界防护/);
    expect(clauseProblems({ ...mlps("8.1.4.2"), derived: true })).toEqual(["a derived rule must say what it is derived from (derivedFrom)"]);
    expect(clauseProblems({ ...mlps("8.1.4.2"), derivedFrom: "something or other here" })).toEqual(["derivedFrom on a clause that is not derived"]);
  });

  it("keep the standards' own clause structure where the review found them wrong", () => {
    const byId = new Map(rules.map((r) => [r.id, r.clause]));
    const at = (id: string) => `${byId.get(id)!.standard}-${byId.get(id)!.edition} ${byId.get(id)!.clause}`;
    // 8.1.3.1 is boundary protection (the unified exit), 8.1.3.2 access control between zones.
    expect(at("NET-EGRESS-001")).toBe("GB/T 22239-2019 8.1.3.1");
    expect(at("NET-ZONE-001")).toBe("GB/T 22239-2019 8.1.3.2");
    expect(at("NET-ZONE-002")).toBe("GB/T 22239-2019 8.1.3.2");
    expect(at("MLPS3-RBAC-001")).toBe("GB/T 22239-2019 8.1.4.2");
    expect(at("MLPS2-RBAC-002")).toBe("GB/T 22239-2019 7.1.4.2");
    // The retention duty is the Cybersecurity Law's, renumbered art. 23 by the 2025 amendment.
    expect(at("MLPS2-AUD-001")).toBe("中华人民共和国网络安全法-2025 art. 23");
    expect(at("MLPS2-AUD-002")).toBe("中华人民共和国网络安全法-2025 art. 23");
    // The DR standard in force since 2026-01-01.
    for (const r of rules.filter((x) => x.clause.standard === "GB/T 20988")) expect(r.clause.edition, r.id).toBe("2025");
    // Core-data placements are derivations tied to the Data Security Law, not GB/T 43697-2024 text.
    for (const id of ["DATA-CORE-001", "DATA-CORE-002", "DATA-EXPO-001", "DR-LVL-002"]) {
      expect(at(id)).toBe("中华人民共和国数据安全法-2021 art. 21");
      expect(byId.get(id)!.derived, id).toBe(true);
    }
    // The algorithm bans are not GB/T 39786-2021's: derived, and say from what.
    for (const id of ["CRYPTO-CERT-001", "CRYPTO-CERT-002", "CRYPTO-REST-001"]) expect(byId.get(id)!.derivedFrom, id).toMatch(/NIST SP 800-131A/);
    expect(at("GOV-MIG-001")).toBe("长治市加快数字政府建设实施方案-2020-09-11 三(二)4");
    expect(byId.get("GOV-MIG-002")!.derivedFrom).toMatch(/90-day early warning is the project's convention/);
    expect(at("AUTO-NODE-001")).toBe("晋政办发〔2023〕82号-2023-12-28 二(二)");
    expect(at("NET-EGRESS-002")).toBe("晋政办发〔2019〕92号-2019 二(二)6");
  });

  it("lists only sources with a designation, an edition and clauses", () => {
    for (const s of SOURCES) {
      expect(s.cite.length, s.standard).toBeGreaterThan(0);
      expect(Object.keys(s.clauses).length, s.standard).toBeGreaterThan(0);
      expect(sourceOf(s)).toBe(s);
    }
  });
});

describe("derived rules say so", () => {
  const derived = rules.find((r) => r.id === "CRYPTO-CERT-001")!;
  const direct = rules.find((r) => r.id === "MLPS2-PLT-001")!;
  const finding = (rule: string): Finding => ({ rule, result: "fail", message: "m", subject: { type: "catalog", file: "/c/requests/a/b.yaml", line: 3, column: 1 } });

  it("in SARIF help", () => {
    const sarif = toSarif([finding(derived.id), finding(direct.id)], { rules, today: "2026-01-10" }) as { runs: { tool: { driver: { rules: { id: string; help: { text: string; markdown: string }; properties: { tags: string[] } }[] } } }[] };
    const byId = new Map(sarif.runs[0]!.tool.driver.rules.map((r) => [r.id, r]));
    expect(byId.get(derived.id)!.help.text).toMatch(/derived \(the project's rule, not the clause's text\) from GB\/T 39786-2021 5 a\)/);
    expect(byId.get(derived.id)!.help.markdown).toMatch(/derived/);
    expect(byId.get(derived.id)!.properties.tags).toContain("derived");
    expect(byId.get(direct.id)!.help.text).not.toMatch(/derived/);
  });

  it("in the Markdown PR comment", () => {
    const md = formatMarkdown([finding(derived.id), finding(direct.id)], { rules, today: "2026-01-10" });
    expect(md).toContain("GB/T 39786-2021 5 a) (derived)");
    expect(md).toMatch(/- `CRYPTO-CERT-001`: derived from GB\/T 39786-2021 5 a\)/);
    expect(md).not.toMatch(/- `MLPS2-PLT-001`: derived/);
  });

  it("in the generated docs", () => {
    expect(renderRuleList()).toMatch(/\| `CRYPTO-CERT-001` \|[^\n]*\*\*derived\*\* from GB\/T 39786-2021 5 a\)/);
    expect(renderMlpsList()).toMatch(/\| `MLPS2-POD-001` \|[^\n]*\*\*derived\*\* from GB\/T 22239-2019 7\.1\.4\.2 d\)/);
    expect(renderMlpsList()).not.toMatch(/\| `MLPS2-PLT-001` \|[^\n]*derived/);
  });
});
