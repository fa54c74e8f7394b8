/**
 * The golden test of the cdktf engine: `govcloud plan` writes cdktf.out from the Plan without cdktf
 * (stacks/engines/cdktf/terraform-json.ts); here cdktf synthesizes the same Plan as a construct tree
 * (the app `cdktf synth` runs, stacks/engines/cdktf/index.ts) and every file must be the same bytes:
 * every stack, manifest.json, every attribute, map field and reference. On the embedded estate, on a
 * generated one, and on a plan made to reach every block of the provider's schema the engine maps.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../catalog/index.js";
import {
  engines,
  planEstate,
  tenancyPlanner,
  writeCdktf,
  type NodePlan,
  type Plan,
  type PlannedObject,
  type Planner,
} from "./imports.js";
import { generatedEstate } from "./estates.js";
import { ROOT } from "../support/cli.js";

const work = mkdtempSync(join(tmpdir(), "govcloud-golden-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

/** Writes the plan both ways and compares every file byte for byte. */
async function expectGolden(plan: Plan, name: string): Promise<void> {
  const direct = join(work, name, "direct");
  const reference = join(work, name, "cdktf");
  writeCdktf(plan, direct);
  const { synthCdktf } = await engines.cdktf();
  synthCdktf(plan, reference);
  const listed = files(reference);
  expect(listed).toContain("manifest.json");
  expect(listed.filter((f) => f.endsWith("cdk.tf.json"))).toHaveLength(plan.nodes.length);
  expect(files(direct)).toEqual(listed);
  for (const f of listed)
    expect(readFileSync(join(direct, f), "utf8"), f).toBe(readFileSync(join(reference, f), "utf8"));
}

/** Objects that reach every kind of field the mapping handles, and the odd values JSON text must survive. */
const EDGES: PlannedObject[] = [
  {
    node: "province",
    object: {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: {
        name: "edges",
        namespace: "health-portal",
        labels: { "govcloud.io/system": "portal", "10": "ten", "2": "two" },
        annotations: { note: '引号 " 反斜杠 \\ 换行 \n ${not.a.reference} {} []' },
      },
      spec: {
        podSelector: {},
        policyTypes: ["Ingress", "Egress"],
        ingress: [
          {
            from: [
              { namespaceSelector: {} },
              { podSelector: { matchLabels: {} } },
              { ipBlock: { cidr: "0.0.0.0/0", except: [] } },
            ],
            ports: [],
          },
          {},
        ],
        egress: [
          {
            to: [{ podSelector: { matchExpressions: [{ key: "k", operator: "Exists" }] } }],
            ports: [{ port: "8443", endPort: 8450, protocol: "TCP" }],
          },
        ],
      },
    },
  },
  {
    node: "province",
    object: {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "empty", namespace: "health-portal", labels: {} },
      data: {},
      binaryData: { "b.bin": "AAEC" },
      immutable: true,
    },
  },
  {
    node: "province",
    object: {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "numbered", namespace: "health-portal" },
      data: { "0": "zero", "1": "one", a: "[]", z: "{}" },
    },
  },
  {
    node: "province",
    object: {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: "sa", namespace: "health-portal" },
      imagePullSecrets: [{ name: "a" }, { name: "b" }],
      secrets: [{ name: "token" }],
      automountServiceAccountToken: true,
    },
  },
  {
    node: "province",
    object: {
      apiVersion: "v1",
      kind: "LimitRange",
      metadata: { name: "lr", namespace: "health-portal" },
      spec: {
        limits: [
          { type: "Container", max: { cpu: "2" }, maxLimitRequestRatio: { cpu: "4" }, default: { cpu: "1" } },
          { type: "Pod" },
        ],
      },
    },
  },
  {
    node: "province",
    object: {
      apiVersion: "v1",
      kind: "ResourceQuota",
      metadata: { name: "rq", namespace: "health-portal" },
      spec: {
        hard: { pods: "1" },
        scopes: ["BestEffort"],
        scopeSelector: { matchExpressions: [{ operator: "Exists", scopeName: "PriorityClass" }] },
      },
    },
  },
  {
    node: "province",
    object: {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: "r", namespace: "health-portal" },
      rules: [
        { apiGroups: [""], resources: ["pods"], resourceNames: ["x"], verbs: ["get"] },
        { apiGroups: [], resources: [], verbs: [] },
      ],
    },
  },
  {
    node: "province",
    object: {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "rb", namespace: "health-portal" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "r" },
      subjects: [{ kind: "ServiceAccount", name: "sa", namespace: "health-portal" }],
    },
  },
  { node: "province", object: { apiVersion: "v1", kind: "Namespace", metadata: { name: "bare" } } },
  {
    node: "province",
    object: {
      apiVersion: "example.io/v1",
      kind: "Widget",
      metadata: { name: "w", namespace: "bare" },
      spec: { n: 1.5, on: false, none: null, list: [1, "2", [3], {}], deep: { "9": { b: 2, a: 1 } } },
    },
  },
  // In a namespace no object of the node creates: no dependency.
  {
    node: "city-140200",
    object: {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "elsewhere", namespace: "not-planned" },
      data: { k: "v" },
    },
  },
];
const edges: Planner = { id: "edges", plan: () => ({ diagnostics: [], objects: EDGES }) };

describe("cdktf.out written from the Plan is cdktf's own synthesis, byte for byte", () => {
  it("on the embedded estate (all 20 cloud nodes)", async () => {
    const loaded = await loadCatalog(join(ROOT, "catalog"));
    expect(loaded.estate).toBeDefined();
    await expectGolden(planEstate(loaded.estate!), "embedded");
  }, 120_000);

  it("on a generated estate", async () => {
    await expectGolden(planEstate(generatedEstate(4)), "generated");
  }, 120_000);

  it("on every block the mapping reaches, odd values, a pg backend and a kubeconfig path", async () => {
    const plan = planEstate(generatedEstate(1), { planners: [tenancyPlanner, edges] });
    expect(plan.diagnostics).toEqual([]);
    const nodes: NodePlan[] = plan.nodes.map((n) =>
      n.node === "province"
        ? {
            ...n,
            backend: {
              type: "pg" as const,
              connStr: "postgres://tf@db.sx.gov.cn/terraform",
              schemaName: "govcloud_province",
            },
            kube: { context: "sx-province", configPath: "/etc/govcloud/kubeconfig" },
          }
        : n,
    );
    await expectGolden({ ...plan, nodes }, "edges");
  }, 120_000);

  it("govcloud plan does not load cdktf, its provider or constructs", () => {
    const hook = join(work, "trace-load.cjs");
    writeFileSync(
      hook,
      `const M = require("module"); const load = M._load; const seen = new Set();
M._load = function (request, ...rest) { if (/^(cdktf|@cdktf\\/|constructs)/.test(request)) seen.add(request); return load.call(this, request, ...rest); };
process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(join(work, "loaded.json"))}, JSON.stringify([...seen])));`,
    );
    const r = spawnSync(
      process.execPath,
      [
        "--require",
        hook,
        join(ROOT, "dist/bin/govcloud.js"),
        "plan",
        "--catalog",
        join(ROOT, "catalog"),
        "--engine",
        "all",
        "--out",
        join(work, "cli-out"),
      ],
      {
        encoding: "utf8",
        env: { ...process.env, CI: "true" },
      },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(work, "loaded.json"), "utf8"))).toEqual([]);
    // The hook sees what cdktf's own synthesis loads.
    execFileSync(process.execPath, [
      "--require",
      hook,
      "--input-type=module",
      "-e",
      `await import(${JSON.stringify(join(ROOT, "dist/stacks/engines/cdktf/index.js"))})`,
    ]);
    expect(JSON.parse(readFileSync(join(work, "loaded.json"), "utf8"))).toContain("cdktf");
  }, 60_000);

  it("the committed provider schema is what scripts/gen-tf-schema.mjs extracts from the pinned provider", () => {
    expect(() =>
      execFileSync(process.execPath, [join(ROOT, "scripts/gen-tf-schema.mjs"), "--check"], { encoding: "utf8" }),
    ).not.toThrow();
  });
});
