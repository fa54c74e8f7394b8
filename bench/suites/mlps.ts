/**
 * Throughput of the MLPS packs' object rules (target: >= 50,000 objects/s). The corpus is what a
 * cluster of the 10x estate holds per system: the tenancy objects the plan creates (namespace, quota,
 * limits, roles, bindings, network policies) and a department's workloads (a Deployment, a
 * StatefulSet, a CronJob), judged with the estate as context, against the JSON-serialisation floor.
 */
import { loadCatalog, type Estate } from "../../catalog/index.js";
import { LABELS, namespaceOf, type KubeObject } from "../../kube/index.js";
import { judgeContext, ObjectJudge, packs, type JudgeContext } from "../../policies/index.js";
import type { BenchContext, BenchSuite } from "../types.js";

const DIGEST = `@sha256:${"ab".repeat(32)}`;

function container(name: string, image: string, hardened: boolean): Record<string, unknown> {
  return {
    name,
    image,
    resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "512Mi" } },
    securityContext: hardened ? { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } } : { capabilities: { add: ["NET_ADMIN"] } },
  };
}

/** About a dozen objects per system, a third of the workloads with findings. */
export function mlpsCorpus(estate: Estate): KubeObject[] {
  const out: KubeObject[] = [];
  let i = 0;
  for (const r of estate.requests) {
    const ns = namespaceOf(r.doc);
    const dept = r.doc.spec.department;
    const level = r.doc.spec.mlpsLevel;
    const labels = { [LABELS.department]: dept, [LABELS.system]: r.doc.metadata.name, [LABELS.cloud]: r.doc.spec.cloud, [LABELS.mlpsLevel]: String(level) };
    const meta = (name: string) => ({ name, namespace: ns, labels });
    const pod = (hardened: boolean) => ({
      securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
      containers: [container("app", `registry.gov.sx.example/${dept}/app${DIGEST}`, hardened), container("proxy", "registry.gov.sx.example/infra/envoy:1.31", true)],
      initContainers: [container("migrate", `registry.gov.sx.example/${dept}/migrate${DIGEST}`, true)],
      volumes: [{ name: "tmp", emptyDir: {} }],
    });
    const bad = i++ % 3 === 0;
    out.push(
      { apiVersion: "v1", kind: "Namespace", metadata: { name: ns, labels: { ...labels, "pod-security.kubernetes.io/enforce": level >= 3 ? "restricted" : "baseline" } } },
      { apiVersion: "v1", kind: "ResourceQuota", metadata: meta("quota"), spec: { hard: { "requests.cpu": "8", "requests.memory": "32Gi" } } },
      { apiVersion: "v1", kind: "LimitRange", metadata: meta("limits"), spec: { limits: [{ type: "Container", default: { cpu: "500m", memory: "512Mi" } }] } },
      { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: meta("developer"), rules: [{ apiGroups: ["apps"], resources: ["deployments", "statefulsets"], verbs: ["get", "list", "watch", "create", "update", "patch", "delete"] }, { apiGroups: [""], resources: ["secrets"], resourceNames: ["app-tls"], verbs: ["get"] }] },
      { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: meta("auditor"), rules: [{ apiGroups: ["", "apps"], resources: ["pods", "events", "deployments"], verbs: ["get", "list", "watch"] }] },
      { apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: meta("developers"), roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "developer" }, subjects: [{ kind: "Group", name: `${dept}:developers` }] },
      { apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: meta("auditors"), roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "auditor" }, subjects: [{ kind: "Group", name: `${dept}:auditors` }] },
      { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: meta("default-deny"), spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } },
      { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: meta("allow-gateway"), spec: { podSelector: { matchLabels: { app: "web" } }, policyTypes: ["Ingress"], ingress: [{ from: [{ namespaceSelector: bad ? {} : { matchLabels: { "kubernetes.io/metadata.name": "govcloud-gateway" } } }] }] } },
      { apiVersion: "apps/v1", kind: "Deployment", metadata: meta("web"), spec: { replicas: 2, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: pod(!bad) } } },
      { apiVersion: "apps/v1", kind: "StatefulSet", metadata: meta("db"), spec: { serviceName: "db", selector: { matchLabels: { app: "db" } }, template: { metadata: { labels: { app: "db" } }, spec: pod(true) } } },
      { apiVersion: "batch/v1", kind: "CronJob", metadata: meta("report"), spec: { schedule: "0 2 * * *", jobTemplate: { spec: { template: { spec: pod(!bad) } } } } },
    );
  }
  return out;
}

/** The object rules of both packs, indexed by kind once (the ObjectJudge the engine and the operator use). */
const judge = new ObjectJudge([...packs.mlps2!, ...packs.mlps3!]);

/** Judges every object with the context built once; returns the number of non-passing results. */
export function judgeAll(objects: readonly KubeObject[], context: JudgeContext): number {
  let violations = 0;
  for (const object of objects) violations += judge.judge(object, context).findings.length;
  return violations;
}

interface Prepared {
  readonly estate: Estate;
  /** The context with the estate (its plans and facts worked out in the untimed setup, as a caller does once). */
  readonly context: JudgeContext;
  readonly objects: readonly KubeObject[];
}

const TODAY = "2026-11-23";

async function prepare(ctx: BenchContext): Promise<Prepared> {
  const loaded = await loadCatalog(ctx.catalog(10));
  if (!loaded.estate) throw new Error(`the 10x catalog does not load: ${loaded.diagnostics[0]?.message ?? "no estate"}`);
  return { estate: loaded.estate, context: judgeContext({ today: TODAY, estate: loaded.estate }), objects: mlpsCorpus(loaded.estate) };
}

/** Passes the setup makes before a warm case: enough for V8 to have optimised the rules. */
const WARM_PASSES = 3;

/**
 * A case judging the corpus once. `warm`: the setup (untimed) judges it WARM_PASSES times first, so the timed pass
 * is what a running operator or a large estate sees once the rules are compiled; cold, the pass also
 * pays V8's compilation of the rules (a fixed ~0.1-0.3 s on this machine, whatever the corpus size).
 */
function rulesCase(name: string, options: { readonly estate: boolean; readonly warm: boolean }): BenchSuite["cases"][number] {
  return {
    name,
    group: "mlps-objects",
    ...(options.estate && options.warm ? { target: { perSecond: 50_000 } } : {}),
    async setup(ctx: BenchContext) {
      const prepared = await prepare(ctx);
      if (options.warm) for (let i = 0; i < WARM_PASSES; i++) judgeAll(prepared.objects, options.estate ? prepared.context : { today: TODAY });
      return prepared;
    },
    run(_ctx, prepared) {
      const { context, objects } = prepared as Prepared;
      const violations = judgeAll(objects, options.estate ? context : { today: TODAY });
      return { units: objects.length, unit: "objects", note: `${violations.toLocaleString("en")} violations` };
    },
  };
}

const suite: BenchSuite = {
  id: "mlps",
  title: "MLPS packs (mlps2 + mlps3): object rules on a 10x estate's tenancy objects and workloads",
  cases: [
    rulesCase("mlps2 + mlps3 object rules, with the estate", { estate: true, warm: true }),
    rulesCase("mlps2 + mlps3 object rules, no estate (operator without catalog)", { estate: false, warm: true }),
    rulesCase("mlps2 + mlps3 object rules, first pass (cold: includes compiling the rules)", { estate: true, warm: false }),
    {
      name: "floor: JSON.stringify of every object",
      group: "mlps-objects",
      setup: prepare,
      run(_ctx, prepared) {
        const { objects } = prepared as Prepared;
        let bytes = 0;
        for (const o of objects) bytes += JSON.stringify(o).length;
        return { units: objects.length, unit: "objects", note: `${(bytes / 1e6).toFixed(1)} MB` };
      },
    },
  ],
};

export default suite;
