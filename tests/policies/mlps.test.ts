/**
 * The MLPS packs (mlps2, mlps3) against their fixtures — every rule has pass and fail fixtures; pass
 * fixtures give no violation, fail fixtures at least one — plus focused tests of the pieces the rules
 * stand on: finding the pod template of every controller kind, the MLPS level of an object, tenant
 * subjects, NetworkPolicy semantics.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments, stringify } from "yaml";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as apps from "kubernetes-models/apps/v1";
import * as batch from "kubernetes-models/batch/v1";
import * as networking from "kubernetes-models/networking.k8s.io/v1";
import * as rbac from "kubernetes-models/rbac.authorization.k8s.io/v1";
import * as core from "kubernetes-models/v1";
import { assembleEstate, loadCatalog, neverOnCloud, type Estate } from "../../catalog/index.js";
import {
  defaultDenies,
  forEachContainer,
  isTenantNamespace,
  podTemplateOf,
  POD_KINDS,
  type KubeObject,
  type Path,
} from "../../kube/index.js";
import { fieldPath, isTenantSubject, levelOf, packs, type Rule, type Violation } from "../../policies/index.js";
import { planEstate, type PlannedObject } from "../../stacks/index.js";
import { ROOT } from "../support/cli.js";
import { tinyCatalog, toFiles, TODAY } from "../support/tiny-catalog.js";
import { ctxOf, objCtx } from "../support/judge.js";

const { mlps2, mlps3 } = packs as { mlps2: readonly Rule[]; mlps3: readonly Rule[] };

type Doc = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
};

const PACKS = { mlps2, mlps3 } as const;
/** Kubernetes models (with their API schema) by apiVersion, to check that fixtures are real objects. */
const MODELS = Object.fromEntries(
  Object.entries({
    v1: core,
    "apps/v1": apps,
    "batch/v1": batch,
    "networking.k8s.io/v1": networking,
    "rbac.authorization.k8s.io/v1": rbac,
  }).map(([v, m]) => [v, m as unknown as Record<string, new (data: unknown) => { validate(): void }>]),
);
/** Rules that cannot judge an object without the estate (approved registries, the cloud node's level). */
const NEEDS_ESTATE = new Set(["MLPS2-IMG-001", "MLPS2-PLT-001"]);

function load(texts: Record<string, string>): Estate {
  const r = assembleEstate("/tiny", toFiles(texts), { estate: "t", today: TODAY });
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0 || !r.estate)
    throw new Error(errors.map((d) => `${d.file}:${d.line} ${d.code} ${d.message}`).join("\n"));
  return r.estate;
}

const TINY = load(tinyCatalog());

const isCatalogDoc = (d: Doc): boolean => d.apiVersion.startsWith("govcloud.io/");

/** Where a catalog document of the tiny estate lives, by kind. */
function fileOf(d: Doc): { path: string; multi: boolean } {
  switch (d.kind) {
    case "SystemRequest":
      return { path: `requests/${String(d.spec!.department)}/${d.metadata.name}.yaml`, multi: false };
    case "Offering":
      return { path: `offerings/${d.metadata.name}.yaml`, multi: false };
    case "PolicyException":
      return { path: `exceptions/${d.metadata.name}.yaml`, multi: false };
    case "Estate":
      return { path: "estates/t/estate.yaml", multi: false };
    case "CloudNode":
      return { path: "estates/t/clouds.yaml", multi: true };
    case "Department":
      return { path: "estates/t/departments.yaml", multi: true };
    case "Network":
      return { path: "estates/t/network.yaml", multi: false };
    case "AdminDivisions":
      return { path: "estates/t/divisions.yaml", multi: false };
    default:
      throw new Error(`no catalog file for kind ${d.kind}`);
  }
}

/** The fixture's catalog documents laid over the tiny estate (policies/types.ts), and its Kubernetes objects. */
function overlay(docs: readonly Doc[]): { estate: Estate; objects: PlannedObject[] } {
  const texts = tinyCatalog();
  const files = new Map<string, Doc[]>();
  const parsed = (path: string): Doc[] => {
    if (!files.has(path))
      files.set(path, texts[path] === undefined ? [] : parseAllDocuments(texts[path]!).map((x) => x.toJS() as Doc));
    return files.get(path)!;
  };
  const objects: PlannedObject[] = [];
  for (const d of docs) {
    if (!isCatalogDoc(d)) {
      objects.push({ node: d.metadata.labels?.["govcloud.io/cloud"] ?? "fixture", object: d as unknown as KubeObject });
      continue;
    }
    const { path, multi } = fileOf(d);
    const list = parsed(path);
    const i = multi ? list.findIndex((x) => x.kind === d.kind && x.metadata.name === d.metadata.name) : 0;
    if (i >= 0 && list.length > 0) list[i] = d;
    else list.push(d);
  }
  for (const [path, list] of files) texts[path] = list.map((d) => stringify(d)).join("---\n");
  return { estate: load(texts), objects };
}

interface Fixture {
  readonly file: string;
  readonly expect: "pass" | "fail";
  readonly docs: readonly Doc[];
}

function fixtures(pack: string, rule: string): Fixture[] {
  const dir = join(ROOT, "policies/rules", pack, "fixtures", rule);
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith(".yaml"))
      .sort();
  } catch {
    return [];
  }
  return names
    .filter((n) => n.startsWith("pass") || n.startsWith("fail"))
    .map((n) => ({
      file: n,
      expect: n.startsWith("pass") ? ("pass" as const) : ("fail" as const),
      docs: parseAllDocuments(readFileSync(join(dir, n), "utf8")).map((x) => x.toJS() as Doc),
    }));
}

/** Runs a rule on a fixture as policies/types.ts describes; returns the violations per subject. */
function judge(rule: Rule, f: Fixture, estate: Estate | null = TINY): Violation[][] {
  if (rule.target === "object") {
    return f.docs.map((d) => {
      expect(rule.kinds, `${f.file}: ${d.kind} is not one of the rule's kinds`).toContain(d.kind);
      return [...rule.check(objCtx(d as unknown as KubeObject, estate ?? undefined))];
    });
  }
  const { estate: e, objects } = overlay(f.docs);
  if (rule.target === "estate")
    return [[...rule.check({ ...ctxOf(e), objects: objects.length > 0 ? objects : undefined })]];
  const requests = f.docs.filter((d) => d.kind === "SystemRequest");
  expect(requests.length, `${f.file} holds no SystemRequest to judge`).toBeGreaterThan(0);
  return requests.map((d) => [
    ...rule.check({ ...ctxOf(e), request: e.index.request.get(`${String(d.spec!.department)}/${d.metadata.name}`)! }),
  ]);
}

/** Walks a path into an object; returns how many of its steps exist. */
function existingDepth(o: unknown, path: Path): number {
  let cur = o;
  let n = 0;
  for (const p of path) {
    if (cur === null || typeof cur !== "object" || !(p in (cur as object))) break;
    cur = (cur as Record<string | number, unknown>)[p];
    n++;
  }
  return n;
}

for (const [pack, rules] of Object.entries(PACKS)) {
  describe(`pack ${pack}`, () => {
    it("has well-formed, unique rule metadata", () => {
      const ids = new Set<string>();
      for (const r of rules) {
        expect(ids.has(r.id), r.id).toBe(false);
        ids.add(r.id);
        expect(r.pack).toBe(pack);
        expect(r.id.startsWith(`${pack.toUpperCase()}-`), r.id).toBe(true);
        expect(r.id).toMatch(/^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/);
        if (r.id === "MLPS2-FILE-001" || r.id === "MLPS3-TEST-001") {
          // Filing and the testing cycle are the administrative measures' (公通字〔2007〕43号 arts. 15 and 14).
          expect(r.clause.standard).toBe("公通字〔2007〕43号");
        } else if (r.id.endsWith("-AUD-001") || r.id.endsWith("-AUD-002")) {
          // The six months are the Cybersecurity Law's (art. 23(3) as amended in 2025), not GB/T 22239's.
          expect(`${r.clause.standard} ${r.clause.clause}`).toBe("中华人民共和国网络安全法 art. 23");
        } else {
          expect(`${r.clause.standard}-${r.clause.edition}`).toBe("GB/T 22239-2019");
          // A level 2 rule cites chapter 7 unless it is a derivation that says it generalises a level 3 clause.
          if (r.id === "MLPS2-RES-001") expect(r.clause.derivedFrom).toMatch(/applied from level 2/);
          else expect(r.clause.clause).toMatch(pack === "mlps2" ? /^7\./ : /^8\./);
        }
        expect(r.title.length).toBeGreaterThan(5);
        expect(r.description.length).toBeGreaterThan(30);
        expect(r.remediation.length).toBeGreaterThan(20);
        if (r.target === "object") expect(r.kinds.length).toBeGreaterThan(0);
      }
    });

    for (const rule of rules) {
      describe(rule.id, () => {
        const all = fixtures(pack, rule.id);
        it("ships pass and fail fixtures", () => {
          expect(
            all.some((f) => f.expect === "pass"),
            "no pass*.yaml",
          ).toBe(true);
          expect(
            all.some((f) => f.expect === "fail"),
            "no fail*.yaml",
          ).toBe(true);
        });
        it("has fixtures whose Kubernetes objects are valid against the API's schema", () => {
          for (const f of all) {
            for (const d of f.docs) {
              if (isCatalogDoc(d)) continue;
              const group = MODELS[d.apiVersion];
              expect(group?.[d.kind], `${f.file}: no model for ${d.apiVersion} ${d.kind}`).toBeDefined();
              expect(() => new group![d.kind]!(d).validate(), `${f.file}: ${d.kind} ${d.metadata.name}`).not.toThrow();
            }
          }
        });
        for (const f of all) {
          it(`${f.file} ${f.expect === "pass" ? "passes" : "fails"}`, () => {
            const results = judge(rule, f);
            if (f.expect === "pass") {
              for (const v of results) expect(v.map((x) => x.message)).toEqual([]);
            } else {
              expect(results.flat().length).toBeGreaterThan(0);
              for (const v of results.flat()) {
                expect(v.message.length).toBeGreaterThan(10);
                if (rule.target !== "object" && !v.path)
                  expect(v.subject, "an estate violation names its subject").toBeDefined();
              }
            }
            if (rule.target === "object") {
              // Every reported path leads into the object (up to the missing field it names).
              f.docs.forEach((d, i) => {
                for (const v of results[i]!)
                  if (v.path) expect(existingDepth(d, v.path)).toBeGreaterThanOrEqual(Math.max(1, v.path.length - 2));
              });
              // Without the estate (an operator with no catalog) the rule gives the same verdict, unless it needs the estate.
              const bare = judge(rule, f, null).flat().length;
              if (f.expect === "pass" || NEEDS_ESTATE.has(rule.id)) expect(bare).toBe(0);
              else expect(bare).toBeGreaterThan(0);
            }
          });
        }
      });
    }
  });
}

describe("podTemplateOf", () => {
  const spec = { containers: [{ name: "c", image: "i" }] };
  const meta = { labels: { app: "a" }, annotations: { x: "y" } };
  const cases: [string, KubeObject, Path][] = [
    ["Pod", { apiVersion: "v1", kind: "Pod", metadata: { name: "p", ...meta }, spec }, ["spec"]],
    [
      "PodTemplate",
      { apiVersion: "v1", kind: "PodTemplate", metadata: { name: "p" }, template: { metadata: meta, spec } },
      ["template", "spec"],
    ],
    ...(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"] as const).map((kind): [string, KubeObject, Path] => [
      kind,
      {
        apiVersion: "apps/v1",
        kind,
        metadata: { name: "w" },
        spec: { selector: {}, template: { metadata: meta, spec } },
      },
      ["spec", "template", "spec"],
    ]),
    [
      "ReplicationController",
      {
        apiVersion: "v1",
        kind: "ReplicationController",
        metadata: { name: "w" },
        spec: { template: { metadata: meta, spec } },
      },
      ["spec", "template", "spec"],
    ],
    [
      "Job",
      { apiVersion: "batch/v1", kind: "Job", metadata: { name: "j" }, spec: { template: { metadata: meta, spec } } },
      ["spec", "template", "spec"],
    ],
    [
      "CronJob",
      {
        apiVersion: "batch/v1",
        kind: "CronJob",
        metadata: { name: "j" },
        spec: { schedule: "* * * * *", jobTemplate: { spec: { template: { metadata: meta, spec } } } },
      },
      ["spec", "jobTemplate", "spec", "template", "spec"],
    ],
    [
      "a custom controller (Argo Rollout)",
      {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "Rollout",
        metadata: { name: "r" },
        spec: { template: { metadata: meta, spec } },
      },
      ["spec", "template", "spec"],
    ],
  ];
  for (const [what, object, specPath] of cases) {
    it(`finds the pod spec and metadata of a ${what}`, () => {
      const t = podTemplateOf(object)!;
      expect(t.spec).toBe(spec);
      expect(t.specPath).toEqual(specPath);
      expect(t.metadata?.annotations).toEqual(meta.annotations);
      expect(t.metadataPath).toEqual([...specPath.slice(0, -1), "metadata"]);
    });
  }
  it("covers every kind the workload rules declare", () => {
    const covered = new Set(cases.map(([, o]) => o.kind));
    for (const k of POD_KINDS) expect(covered.has(k), k).toBe(true);
  });
  it("finds nothing in objects without a pod, or with a malformed one", () => {
    expect(podTemplateOf({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: {} })).toBeUndefined();
    expect(
      podTemplateOf({ apiVersion: "v1", kind: "Service", metadata: { name: "s" }, spec: { template: "x" } }),
    ).toBeUndefined();
    expect(
      podTemplateOf({
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "d" },
        spec: { template: { metadata: {} } },
      }),
    ).toBeUndefined();
    expect(podTemplateOf({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" } })).toBeUndefined();
    expect(
      podTemplateOf({
        apiVersion: "batch/v1",
        kind: "CronJob",
        metadata: { name: "j" },
        spec: { jobTemplate: { spec: {} } },
      }),
    ).toBeUndefined();
  });
  it("walks containers, init containers and ephemeral containers with their paths", () => {
    const t = podTemplateOf({
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: { name: "j" },
      spec: {
        jobTemplate: {
          spec: {
            template: {
              spec: {
                containers: [{ name: "a" }, { name: "b" }],
                initContainers: [{ name: "i" }],
                ephemeralContainers: [{ name: "e" }],
              },
            },
          },
        },
      },
    })!;
    const seen: string[] = [];
    forEachContainer(t, (c, at, list) => seen.push(`${c.name}@${at("image").join(".")}:${list}`));
    expect(seen).toEqual([
      "a@spec.jobTemplate.spec.template.spec.containers.0.image:containers",
      "b@spec.jobTemplate.spec.template.spec.containers.1.image:containers",
      "i@spec.jobTemplate.spec.template.spec.initContainers.0.image:initContainers",
      "e@spec.jobTemplate.spec.template.spec.ephemeralContainers.0.image:ephemeralContainers",
    ]);
  });
});

describe("the same control over every controller kind", () => {
  const privileged = { containers: [{ name: "c", image: "i", securityContext: { privileged: true } }] };
  const rule = mlps2.find((r) => r.id === "MLPS2-POD-001")!;
  const objects: KubeObject[] = [
    { apiVersion: "v1", kind: "Pod", metadata: { name: "x", namespace: "health-portal" }, spec: privileged },
    {
      apiVersion: "v1",
      kind: "PodTemplate",
      metadata: { name: "x", namespace: "health-portal" },
      template: { spec: privileged },
    },
    ...["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"].map((kind) => ({
      apiVersion: "apps/v1",
      kind,
      metadata: { name: "x", namespace: "health-portal" },
      spec: { template: { spec: privileged } },
    })),
    {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: { name: "x", namespace: "health-portal" },
      spec: { jobTemplate: { spec: { template: { spec: privileged } } } },
    },
  ];
  for (const object of objects) {
    it(`reports a privileged container of a ${object.kind} at its exact field`, () => {
      expect(rule.target).toBe("object");
      if (rule.target !== "object") return;
      const v = rule.check(objCtx(object));
      expect(v).toHaveLength(1);
      expect(v[0]!.message).toBe('container "c" runs privileged');
      expect(fieldPath(v[0]!.path!)).toMatch(/containers\[0\]\.securityContext\.privileged$/);
      expect(existingDepth(object, v[0]!.path!)).toBe(v[0]!.path!.length);
    });
  }
  it("leaves the control plane's own namespaces alone", () => {
    if (rule.target !== "object") return;
    expect(rule.check(objCtx({ ...objects[0]!, metadata: { name: "x", namespace: "kube-system" } }))).toEqual([]);
  });
});

describe("the workload rules judge a pod the same in every wrapper (property)", () => {
  const securityContext = fc.record(
    {
      privileged: fc.boolean(),
      allowPrivilegeEscalation: fc.boolean(),
      runAsNonRoot: fc.boolean(),
      runAsUser: fc.constantFrom(0, 1000),
      readOnlyRootFilesystem: fc.boolean(),
      procMount: fc.constantFrom("Default", "Unmasked"),
      capabilities: fc.record(
        {
          add: fc.subarray(["CHOWN", "NET_BIND_SERVICE", "SYS_ADMIN", "NET_RAW"]),
          drop: fc.subarray(["ALL", "NET_RAW"]),
        },
        { requiredKeys: [] },
      ),
      seccompProfile: fc.record({ type: fc.constantFrom("RuntimeDefault", "Localhost", "Unconfined") }),
      seLinuxOptions: fc.record(
        { type: fc.constantFrom("container_t", "spc_t"), user: fc.constantFrom("", "system_u") },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: [] },
  );
  const container = (name: string) =>
    fc.record(
      {
        name: fc.constant(name),
        image: fc.constantFrom(
          "registry.gov.sx.example/a/b:1",
          `registry.gov.sx.example/a/b@sha256:${"0".repeat(64)}`,
          "docker.io/nginx",
        ),
        securityContext,
        ports: fc.array(
          fc.record(
            { containerPort: fc.constant(8080), hostPort: fc.constantFrom(0, 80) },
            { requiredKeys: ["containerPort"] },
          ),
          { maxLength: 2 },
        ),
        resources: fc.record(
          { requests: fc.constant({ cpu: "1", memory: "1Gi" }), limits: fc.constant({ cpu: "1", memory: "1Gi" }) },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: ["name", "image"] },
    );
  const podSpec = fc.record(
    {
      hostNetwork: fc.boolean(),
      hostPID: fc.boolean(),
      securityContext: fc.record(
        {
          runAsNonRoot: fc.boolean(),
          seccompProfile: fc.record({ type: fc.constantFrom("RuntimeDefault", "Unconfined") }),
          sysctls: fc.subarray([
            { name: "kernel.msgmax", value: "1" },
            { name: "net.ipv4.tcp_syncookies", value: "1" },
          ]),
        },
        { requiredKeys: [] },
      ),
      volumes: fc.subarray([
        { name: "a", emptyDir: {} },
        { name: "b", hostPath: { path: "/" } },
        { name: "c", nfs: { server: "x", path: "/" } },
      ]),
      containers: fc.array(container("c"), { minLength: 1, maxLength: 2 }),
      initContainers: fc.array(container("i"), { maxLength: 1 }),
    },
    { requiredKeys: ["containers"] },
  );
  const workloadRules = [...mlps2, ...mlps3].filter(
    (r): r is Extract<Rule, { target: "object" }> => r.target === "object" && r.kinds.includes("CronJob"),
  );
  const meta = { name: "x", namespace: "health-portal" };
  it("gives a Pod, a Deployment and a CronJob of the same spec the same findings, at the same field", () => {
    fc.assert(
      fc.property(podSpec, (spec) => {
        const pod: KubeObject = { apiVersion: "v1", kind: "Pod", metadata: meta, spec };
        const deployment: KubeObject = {
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: meta,
          spec: { selector: {}, template: { spec } },
        };
        const cronJob: KubeObject = {
          apiVersion: "batch/v1",
          kind: "CronJob",
          metadata: meta,
          spec: { schedule: "@daily", jobTemplate: { spec: { template: { spec } } } },
        };
        for (const rule of workloadRules) {
          const strip = (o: KubeObject, prefix: number) =>
            rule.check(objCtx(o, TINY)).map((v) => v.path!.slice(prefix).join("."));
          const expected = strip(pod, 1);
          expect(strip(deployment, 3), rule.id).toEqual(expected);
          expect(strip(cronJob, 5), rule.id).toEqual(expected);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("levelOf", () => {
  const obj = (namespace: string, labels?: Record<string, string>): KubeObject => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "x", namespace, labels },
  });
  it("takes the level of the system owning the namespace from the estate first", () => {
    expect(
      levelOf({
        object: obj("health-portal", { "govcloud.io/mlps-level": "2" }),
        facts: ctxOf(TINY).facts,
        namespaceLabels: { "govcloud.io/mlps-level": "2" },
      }),
    ).toBe(3);
  });
  it("then the namespace's labels, then the object's, then its pod's", () => {
    expect(
      levelOf({
        object: obj("x", { "govcloud.io/mlps-level": "3" }),
        facts: ctxOf(TINY).facts,
        namespaceLabels: { "govcloud.io/mlps-level": "2" },
      }),
    ).toBe(2);
    expect(levelOf({ object: obj("x", { "govcloud.io/mlps-level": "2" }) })).toBe(2);
    expect(levelOf({ object: obj("x") }, { "govcloud.io/mlps-level": "1" })).toBe(1);
  });
  it("holds an object nobody grades to level 3, and ignores malformed labels", () => {
    expect(levelOf({ object: obj("x") })).toBe(3);
    expect(levelOf({ object: obj("x", { "govcloud.io/mlps-level": "high" }) })).toBe(3);
    expect(levelOf({ object: obj("x", { "govcloud.io/mlps-level": "7" }) })).toBe(3);
  });
  it("grades a department's shared namespace at its highest system", () => {
    const e = overlay([
      {
        apiVersion: "govcloud.io/v1alpha1",
        kind: "SystemRequest",
        metadata: { name: "permits" },
        spec: {
          displayName: "审批",
          department: "datong-approval",
          cloud: "city-140200",
          mlpsLevel: 2,
          dataLevel: "general",
          zones: ["public"],
          platform: { cpu: "hygon", os: "uos" },
          services: [{ name: "app", offering: "vm", params: { vcpu: 2, memoryGiB: 4, count: 1 } }],
          dr: { level: 1 },
          owner: { name: "李强", email: "liqiang@dt.gov.example" },
        },
      },
    ]).estate;
    expect(levelOf({ object: obj("datong-approval-shared"), facts: ctxOf(e).facts })).toBe(2);
    // A department without systems still has its shared namespace graded (at level 2).
    expect(levelOf({ object: obj("datong-approval-shared"), facts: ctxOf(TINY).facts })).toBe(2);
  });
});

describe("tenants", () => {
  it("are every namespace but the control plane's and the platform's", () => {
    expect(isTenantNamespace("health-portal")).toBe(true);
    expect(isTenantNamespace("default")).toBe(true);
    expect(isTenantNamespace("kube-system")).toBe(false);
    expect(isTenantNamespace("govcloud-system")).toBe(false);
  });
  it("are recognised among RBAC subjects, with and without the estate", () => {
    const g = (name: string) => ({ kind: "Group", name });
    expect(isTenantSubject(g("health:developers"), undefined, ctxOf(TINY).facts)).toBe(true);
    expect(isTenantSubject(g("health:anything"), undefined, ctxOf(TINY).facts)).toBe(true);
    expect(isTenantSubject(g("oidc:alice"), undefined, ctxOf(TINY).facts)).toBe(false);
    expect(isTenantSubject(g("oidc:alice"), undefined, undefined)).toBe(true);
    expect(isTenantSubject(g("govcloud:platform-admins"), undefined, undefined)).toBe(false);
    expect(isTenantSubject(g("system:masters"), undefined, undefined)).toBe(false);
    expect(isTenantSubject(g("system:authenticated"), undefined, ctxOf(TINY).facts)).toBe(true);
    expect(isTenantSubject(g("system:serviceaccounts:govcloud-system"), undefined, undefined)).toBe(false);
    expect(
      isTenantSubject({ kind: "User", name: "system:serviceaccount:health-portal:ci" }, undefined, undefined),
    ).toBe(true);
    expect(isTenantSubject({ kind: "ServiceAccount", name: "ci" }, "health-portal", undefined)).toBe(true);
    expect(
      isTenantSubject(
        { kind: "ServiceAccount", name: "coredns", namespace: "kube-system" },
        "health-portal",
        undefined,
      ),
    ).toBe(false);
  });
});

describe("defaultDenies", () => {
  it("follows the API server's defaulting of policyTypes", () => {
    expect(defaultDenies({ podSelector: {} })).toEqual({ ingress: true, egress: false });
    expect(defaultDenies({ podSelector: {}, policyTypes: ["Egress"] })).toEqual({ ingress: false, egress: true });
    expect(defaultDenies({ podSelector: {}, policyTypes: ["Ingress", "Egress"], egress: [{ to: [] }] })).toEqual({
      ingress: true,
      egress: false,
    });
    expect(defaultDenies({ podSelector: { matchLabels: { app: "x" } }, policyTypes: ["Ingress", "Egress"] })).toEqual({
      ingress: false,
      egress: false,
    });
    expect(defaultDenies({ podSelector: { matchExpressions: [] }, policyTypes: ["Ingress", "Egress"] })).toEqual({
      ingress: true,
      egress: true,
    });
  });
});

describe("the embedded Shanxi estate", () => {
  it("has exactly the MLPS imperfections catalog/IMPERFECTIONS.md lists, found at their lines", async () => {
    const { estate } = await loadCatalog(join(ROOT, "catalog"), { today: TODAY });
    expect(estate).toBeDefined();
    // Rows of the family "mlps": | `file` | `path = value`; ... | what | mlps | exception |
    const rows = readFileSync(join(ROOT, "catalog/IMPERFECTIONS.md"), "utf8")
      .split("\n")
      .filter((l) => l.startsWith("| `") && l.split(" | ")[3] === "mlps")
      .map((l) => {
        const [file, checks] = l.split(" | ").map((c) => [...c.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
        return { file: file![0]!, paths: checks!.map((c) => c.split(" = ")[0]!) };
      });
    expect(rows.length).toBeGreaterThan(0);
    const found: string[] = [];
    for (const rule of [...mlps2, ...mlps3]) {
      if (rule.target === "request") {
        for (const request of estate!.requests) {
          // As the engine does: a system that never runs on the cloud (exempt, retired) is judged by off-cloud rules only.
          if (!rule.offCloud && neverOnCloud(request.doc.spec)) continue;
          for (const v of rule.check({ ...ctxOf(estate!), request })) {
            const at = request.locate(v.path ?? []);
            found.push(`${rule.id} ${at.file}:${at.line}`);
          }
        }
      } else if (rule.target === "estate") {
        for (const v of rule.check(ctxOf(estate!))) found.push(`${rule.id} ${JSON.stringify(v.subject)}`);
      }
    }
    // Which rule judges the field a row names.
    const ruleOf: Record<string, string> = {
      "spec.audit.retentionDays": "MLPS2-AUD-001",
      "spec.mlpsLevel": "MLPS2-FILE-001",
      "spec.mlps.assessment.date": "MLPS3-TEST-001",
    };
    const expected = rows.flatMap((row) => {
      const request = estate!.requests.find((r) => r.source.file === row.file)!;
      return row.paths.map((p) => {
        expect(ruleOf[p], `no MLPS rule known for ${p}`).toBeDefined();
        return `${ruleOf[p]} ${row.file}:${request.locate(p.split(".")).line}`;
      });
    });
    expect(found.sort()).toEqual(expected.sort());
  });

  it("is planned into objects that meet every MLPS rule: namespaces, RBAC, default deny, admission levels", async () => {
    const { estate } = await loadCatalog(join(ROOT, "catalog"), { today: TODAY });
    const plan = planEstate(estate!);
    const objects = plan.nodes.flatMap((n) => n.objects.map((object) => ({ node: n.node, object })));
    expect(objects.length).toBeGreaterThan(estate!.requests.length * 5);
    const found: string[] = [];
    for (const rule of [...mlps2, ...mlps3]) {
      if (rule.target === "estate")
        for (const v of rule.check({ ...ctxOf(estate!), objects })) found.push(`${rule.id}: ${v.message}`);
      if (rule.target !== "object") continue;
      for (const { object } of objects) {
        if (!rule.kinds.includes(object.kind)) continue;
        for (const v of rule.check(objCtx(object, estate!)))
          found.push(
            `${rule.id} ${object.kind} ${object.metadata.namespace ?? ""}/${object.metadata.name}: ${v.message}`,
          );
      }
    }
    expect(found).toEqual([]);
  });
});

describe("exact lines", () => {
  it("point a request finding at the offending line of the request YAML", () => {
    const texts = tinyCatalog();
    const path = "requests/health/portal.yaml";
    texts[path] = `${texts[path]!}  audit: { retentionDays: 90 }\n`;
    const estate = load(texts);
    const rule = mlps2.find((r) => r.id === "MLPS2-AUD-001")!;
    if (rule.target !== "request") throw new Error("MLPS2-AUD-001 is a request rule");
    const request = estate.index.request.get("health/portal")!;
    const [v] = rule.check({ ...ctxOf(estate), request });
    const at = request.locate(v!.path!);
    expect(at.file).toBe(path);
    expect(texts[path]!.split("\n")[at.line - 1]).toContain("retentionDays: 90");
  });
});

describe("audit retention on the tiny estate", () => {
  it("flags health/portal, which declares none (the case the tiny estate's exception MLPS2-AUD-001 covers)", () => {
    const rule = mlps2.find((r) => r.id === "MLPS2-AUD-001")!;
    if (rule.target !== "request") throw new Error("MLPS2-AUD-001 is a request rule");
    const v = rule.check({ ...ctxOf(TINY), request: TINY.index.request.get("health/portal")! });
    expect(v).toHaveLength(1);
    expect(TINY.exceptions.some((e) => e.doc.spec.rule === "MLPS2-AUD-001")).toBe(true);
  });
  it("finds nothing wrong with the tiny estate's own departments and policy", () => {
    for (const r of [...mlps2, ...mlps3]) if (r.target === "estate") expect(r.check(ctxOf(TINY)), r.id).toEqual([]);
  });
});
