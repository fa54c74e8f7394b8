import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { rules } from "../../../policies/rules/network/index.js";
import type { Rule } from "../../../policies/types.js";
import type { KubeObject } from "../../../kube/index.js";
import { planNetwork } from "../../../stacks/network/index.js";
import { ROOT } from "../../support/cli.js";
import { tinyCatalog } from "../../support/tiny-catalog.js";
import { load, networkCatalog } from "../../stacks/network/support.js";
import { ctxOf, objCtx } from "../../support/judge.js";

const FIXTURES = join(ROOT, "policies/rules/network/fixtures");

/** Lays a fixture's catalog documents over the tiny estate: a document replaces the one of its kind and name. */
function overlay(text: string): Record<string, string> {
  const files = tinyCatalog();
  for (const doc of parseAllDocuments(text)) {
    const value = doc.toJS() as { kind: string; metadata: { name: string } };
    if (value.kind === "Department") {
      // A department replaces the one of its name in the multi-document departments file.
      const path = "estates/t/departments.yaml";
      const others = parseAllDocuments(files[path]!).filter((d) => (d.toJS() as { metadata: { name: string } }).metadata.name !== value.metadata.name);
      files[path] = [...others.map((d) => d.toString()), doc.toString()].join("---\n");
      continue;
    }
    if (value.kind !== "Network" || value.metadata.name !== "extranet") throw new Error(`this test overlays the Network and departments only, not ${value.kind}`);
    files["estates/t/network.yaml"] = doc.toString();
  }
  return files;
}

/** Object rules are judged alone, with the tiny estate (as the fixture runner does), and with an estate that has zones. */
const violations = (rule: Rule, text: string, context: "none" | "tiny" | "zones" = "none") => {
  if (rule.target === "estate") return rule.check(ctxOf(load(overlay(text))));
  if (rule.target === "object") {
    const estate = context === "tiny" ? load(tinyCatalog()) : context === "zones" ? load(networkCatalog()) : undefined;
    return parseAllDocuments(text).flatMap((d) => rule.check(objCtx(d.toJS() as KubeObject, estate)));
  }
  throw new Error("the network pack has no request rules");
};

describe("network policy pack", () => {
  it("has well-formed, unique ids and ships pass and fail fixtures for every rule", () => {
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of rules) {
      expect(r.id).toMatch(/^NET-[A-Z0-9]+-\d{3}$/);
      expect(r.pack).toBe("network");
      const files = readdirSync(join(FIXTURES, r.id));
      expect(files.some((f) => f.startsWith("pass")), r.id).toBe(true);
      expect(files.some((f) => f.startsWith("fail")), r.id).toBe(true);
    }
  });

  for (const rule of rules) {
    const dir = join(FIXTURES, rule.id);
    for (const file of readdirSync(dir).sort()) {
      const text = readFileSync(join(dir, file), "utf8");
      if (file.startsWith("pass")) {
        it(`${rule.id} passes ${file}`, () => {
          expect(violations(rule, text)).toEqual([]);
          if (rule.target === "object") {
            expect(violations(rule, text, "tiny")).toEqual([]);
            expect(violations(rule, text, "zones")).toEqual([]);
          }
        });
      } else {
        it(`${rule.id} fails ${file}`, () => {
          expect(violations(rule, text).length).toBeGreaterThan(0);
        });
      }
    }
  }

  it("passes everything the network planner plans, judged with the estate", () => {
    const estate = load(networkCatalog());
    for (const { object } of planNetwork(estate).objects) {
      for (const rule of rules) {
        if (rule.target !== "object") continue;
        expect(rule.check(objCtx(object, estate)), `${rule.id} ${object.metadata.namespace}/${object.metadata.name}`).toEqual([]);
      }
    }
  });

  it("with the estate, flags egress to an internet address and a whole zone range opened across departments", () => {
    const estate = load(networkCatalog());
    const egress = rules.find((r) => r.id === "NET-EGRESS-001")!;
    const zone = rules.find((r) => r.id === "NET-ZONE-002")!;
    const policy = (spec: object): KubeObject => ({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "x", namespace: "health-records" }, spec });
    const toInternet = policy({ podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "114.114.114.114/32" } }] }] });
    expect(egress.target === "object" && egress.check(objCtx(toInternet, estate)).map((v) => v.message)).toEqual([
      "egress to 114.114.114.114/32 leaves the extranet around the unified exit (province's exit is 10.0.64.1/32)",
    ]);
    const dedicatedRange = policy({ podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [{ ipBlock: { cidr: "10.0.32.0/19" } }] }] });
    expect(zone.target === "object" && zone.check(objCtx(dedicatedRange, estate)).map((v) => v.message)).toEqual([
      "ingress opens 10.0.32.0/19, the node's whole dedicated range: dedicated -> dedicated is allowed only within one department",
    ]);
  });

  it("finds the shortfalls of the Shanxi backbone", () => {
    const files = tinyCatalog();
    files["estates/t/divisions.yaml"] = readFileSync(join(ROOT, "catalog/estates/shanxi/divisions.yaml"), "utf8");
    files["estates/t/network.yaml"] = readFileSync(join(ROOT, "catalog/estates/shanxi/network.yaml"), "utf8");
    const estate = load(files);
    const run = (id: string) => {
      const r = rules.find((x) => x.id === id)!;
      return r.target === "estate" ? r.check(ctxOf(estate)).map((v) => v.message) : [];
    };
    expect(run("NET-BACKBONE-001")).toEqual([
      "link 140000 -> 141100 (吕梁市) has 4 Gbit/s, below the 10 Gbit/s target",
      "link 140900 -> 140930 (河曲县) has 0.5 Gbit/s, below the 1 Gbit/s target",
      "link 141000 -> 141030 (大宁县) has 0.5 Gbit/s, below the 1 Gbit/s target",
    ]);
    expect(run("NET-IPV6-001")).toEqual(["link 140200 -> 140222 carries no IPv6 on plane video", "link 141100 -> 141126 carries no IPv6 on plane video"]);
    for (const id of ["NET-ZONE-001", "NET-INTRANET-001", "NET-EGRESS-002", "NET-BACKBONE-002"]) expect(run(id), id).toEqual([]);
  });
});
