/**
 * `npm run bench:catalog [-- --scale 10]`: the service-catalogue operator from a cold start over every
 * ServiceInstance of the estate at `scale` (10x: ~5,500), against the test API server, with the dependents
 * (CNPG, KubeVirt, the bucket provisioner, workload controllers, Velero) simulated by setting their status.
 * Measures the operator process (`govcloud operators run --controllers catalog`, a child of this one): the
 * time from its start to every instance Ready, and its peak RSS (VmHWM). Targets: < 30 s, < 300 MiB.
 * Writes bench/catalog-operator.md. Runs under tsx (it uses the test server in tests/support), so it is
 * not part of the compiled `npm run bench`.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadCatalog } from "../catalog/index.js";
import { planEstate } from "../stacks/index.js";
import { KubeClient } from "../operators/runtime/index.js";
import { startKubeApi } from "../tests/support/kube-api/index.js";
import { allCrds, startDependents } from "../tests/operators/catalog/harness.js";

const ROOT = resolve(import.meta.dirname, "..");
const { values } = parseArgs({ options: { scale: { type: "string", default: "10" } } });
const scale = Number(values.scale);
const work = mkdtempSync(join(tmpdir(), "govcloud-bench-catalog-"));
try {
  const catalog = join(work, "catalog");
  const gen = spawnSync(process.execPath, [join(ROOT, "dist/bin/govcloud.js"), "estate", "generate", "--catalog", join(ROOT, "catalog"), "--scale", String(scale), "--out", catalog], { encoding: "utf8", env: { ...process.env, CI: "true" } });
  if (gen.status !== 0) throw new Error(`estate generate: ${gen.stderr}`);
  const estate = (await loadCatalog(catalog, { today: "2026-11-23" })).estate;
  if (!estate) throw new Error("the generated catalog does not validate");
  // The cluster as GitOps leaves it: namespaces, quotas and the ServiceInstance claims of every node.
  const objects = planEstate(estate).nodes.flatMap((n) => n.objects).filter((o) => (o.kind === "Namespace" || o.kind === "ResourceQuota" || o.kind === "ServiceInstance") && !o.metadata.labels?.["govcloud.io/dr-role"]?.startsWith("standby"));
  const seen = new Set<string>();
  const unique = objects.filter((o) => {
    const k = `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
  const instances = unique.filter((o) => o.kind === "ServiceInstance");
  const api = await startKubeApi({ crds: allCrds() as never, namespaces: ["default", "kube-system", "govcloud-system", "velero"] });
  api.load(unique.filter((o) => o.kind === "Namespace") as never);
  api.load(unique.filter((o) => o.kind !== "Namespace") as never);
  const client = new KubeClient(api.kubeConfig());
  const deps = startDependents(api, client, 300);

  const t0 = Date.now();
  const op = spawn(process.execPath, [join(ROOT, "dist/bin/govcloud.js"), "operators", "run", "--controllers", "catalog", "--kubeconfig", api.kubeconfigPath, "--catalog", catalog, "--metrics-addr", "127.0.0.1:0", "--log-level", "error"], { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, CI: "true" } });
  let stderr = "";
  op.stderr.on("data", (d) => (stderr += String(d)));
  const hwm = () => {
    try {
      return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${op.pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
    } catch {
      return 0;
    }
  };
  let ready = 0;
  let peak = 0;
  const deadline = t0 + 600_000;
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    peak = Math.max(peak, hwm());
    ready = api.store.list("govcloud.io/v1alpha1", "ServiceInstance").filter((o) => (o.status as { phase?: string } | undefined)?.phase === "Ready").length;
    if (ready === instances.length || Date.now() > deadline || op.exitCode !== null) break;
  }
  const seconds = (Date.now() - t0) / 1000;
  peak = Math.max(peak, hwm());
  op.kill("SIGTERM");
  deps.stop();
  client.close();
  await api.stop();
  const ok = ready === instances.length;
  const line = `| catalog operator, cold start to all Ready (${scale}x) | ${instances.length.toLocaleString("en")} ServiceInstances | ${ready.toLocaleString("en")} Ready | ${seconds.toFixed(1)} s | ${peak.toFixed(0)} MiB | < 30 s, < 300 MiB | ${ok && seconds < 30 && peak < 300 ? "met" : "missed"} |`;
  const md = [
    "# Service-catalogue operator benchmark",
    "",
    `\`npm run bench:catalog\` on ${cpus().length} × ${cpus()[0]?.model ?? "?"}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}. The operator is`,
    "`govcloud operators run --controllers catalog` in its own process (time from its start, peak RSS = its VmHWM);",
    "the test API server and the simulated dependents run in the bench process and share the machine's 2 cores.",
    "",
    "| case | instances | reached | time | peak RSS | target | verdict |",
    "|---|---|---|---|---|---|---|",
    line,
    "",
  ].join("\n");
  writeFileSync(join(ROOT, "bench/catalog-operator.md"), md);
  console.log(md);
  if (!ok) console.error(`not all Ready: ${ready}/${instances.length}${stderr ? `\noperator stderr:\n${stderr.slice(-2000)}` : ""}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
