/** Cross-check with a second real client: Debian's kubectl against the test server. */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKubeApi, type KubeApi } from "./index.js";
import { widgetCrd } from "./test-helpers.js";

const KUBECTL = "/usr/bin/kubectl";
const present = existsSync(KUBECTL);
const required = process.env.REQUIRE_SYSTEM_DEPS === "1";

describe.runIf(!present && required)("kubectl (required)", () => {
  it("is installed at /usr/bin/kubectl", () => {
    expect(present, "REQUIRE_SYSTEM_DEPS=1 but /usr/bin/kubectl is missing").toBe(true);
  });
});

let api: KubeApi;
let dir: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs kubectl asynchronously (the server lives in this process: a synchronous spawn would block it). */
function kubectl(args: readonly string[], input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const p = spawn(KUBECTL, ["--kubeconfig", api.kubeconfigPath, "--cache-dir", join(dir, "cache"), ...args], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    p.on("error", reject);
    p.on("close", (code) => resolve({ code, stdout, stderr }));
    p.stdin.end(input ?? "");
  });
}

/** Starts `kubectl get -w`, resolves with the first `lines` lines of its output, then kills it. */
function watchLines(
  args: readonly string[],
  lines: number,
  timeoutMs = 60_000,
): { ready: Promise<void>; result: Promise<string[]> } {
  const p = spawn(KUBECTL, ["--kubeconfig", api.kubeconfigPath, "--cache-dir", join(dir, "cache"), ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let onFirst: () => void = () => {};
  const ready = new Promise<void>((r) => (onFirst = r));
  const result = new Promise<string[]>((resolve, reject) => {
    const timer = setTimeout(() => {
      p.kill("SIGTERM");
      reject(new Error(`kubectl watch gave only: ${out}`));
    }, timeoutMs);
    p.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      onFirst();
      const got = out.split("\n").filter((l) => l.trim() !== "");
      if (got.length >= lines) {
        clearTimeout(timer);
        p.kill("SIGTERM");
        resolve(got.slice(0, lines));
      }
    });
  });
  return { ready, result };
}

const manifests = (replicas: number): string => `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    govcloud.io/system: shop
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
  labels:
    app: web
data:
  mode: fast
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels:
    app: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: app
        image: nginx:1.27
        ports:
        - containerPort: 80
        env:
        - name: MODE
          value: fast
`;

describe.runIf(present)("kubectl against the test server", () => {
  beforeAll(async () => {
    api = await startKubeApi();
    dir = mkdtempSync(join(tmpdir(), "kube-api-kubectl-"));
  });
  afterAll(async () => {
    await api?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("lists api-resources from discovery, PolicyReports included", async () => {
    const r = await kubectl(["api-resources"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const rows = r.stdout.split("\n");
    expect(rows.find((l) => /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment/.test(l))).toBeDefined();
    expect(
      rows.find((l) => /^policyreports\s+polr\s+wgpolicyk8s.io\/v1alpha2\s+true\s+PolicyReport/.test(l)),
    ).toBeDefined();
    expect(rows.find((l) => /^leases\s+coordination.k8s.io\/v1\s+true\s+Lease/.test(l))).toBeDefined();
  });

  it("applies client-side: created, unchanged, configured (strategic merge from its compiled-in types)", async () => {
    const file = join(dir, "shop.yaml");
    writeFileSync(file, manifests(2));
    const first = await kubectl(["apply", "-f", file]);
    expect(first.stderr).toBe("");
    expect(first.stdout).toBe("namespace/shop created\nconfigmap/settings created\ndeployment.apps/web created\n");
    const again = await kubectl(["apply", "-f", file]);
    expect(again.stdout).toBe(
      "namespace/shop unchanged\nconfigmap/settings unchanged\ndeployment.apps/web unchanged\n",
    );
    writeFileSync(file, manifests(3));
    const changed = await kubectl(["apply", "-f", file]);
    expect(changed.stderr).toBe("");
    expect(changed.stdout).toContain("deployment.apps/web configured");
    const d = api.store.get("apps/v1", "Deployment", "shop", "web") as {
      spec: { replicas: number };
      metadata: { generation: number; annotations: Record<string, string> };
    };
    expect(d.spec.replicas).toBe(3);
    expect(d.metadata.generation).toBe(2);
    expect(d.metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]).toContain('"replicas":3');
  });

  it("applies server-side with field managers; a conflict is reported and --force-conflicts takes over", async () => {
    const file = join(dir, "ssa.yaml");
    writeFileSync(file, manifests(3));
    const ssa = await kubectl(["apply", "--server-side", "-f", file]);
    expect(ssa.code).toBe(0);
    expect(ssa.stdout).toContain("deployment.apps/web serverside-applied");
    writeFileSync(file, manifests(5));
    const conflict = await kubectl(["apply", "--server-side", "--field-manager", "intruder", "-f", file]);
    expect(conflict.code).not.toBe(0);
    expect(conflict.stderr).toContain("Apply failed with");
    expect(conflict.stderr).toContain(".spec.replicas");
    const forced = await kubectl([
      "apply",
      "--server-side",
      "--field-manager",
      "intruder",
      "--force-conflicts",
      "-f",
      file,
    ]);
    expect(forced.code).toBe(0);
    const d = api.store.get("apps/v1", "Deployment", "shop", "web") as {
      spec: { replicas: number };
      metadata: { managedFields: Array<{ manager: string }> };
    };
    expect(d.spec.replicas).toBe(5);
    expect(d.metadata.managedFields.map((m) => m.manager)).toContain("intruder");
  });

  it("gets objects as JSON, YAML and tables, with label selectors", async () => {
    const json = await kubectl(["get", "deploy", "web", "-n", "shop", "-o", "json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "shop" },
    });
    const yaml = await kubectl(["get", "cm", "settings", "-n", "shop", "-o", "yaml"]);
    expect(parseYaml(yaml.stdout)).toMatchObject({ kind: "ConfigMap", data: { mode: "fast" } });
    const selected = await kubectl(["get", "cm,deploy", "-n", "shop", "-l", "app=web", "-o", "name"]);
    expect(selected.stdout.trim().split("\n").sort()).toEqual(["configmap/settings", "deployment.apps/web"]);
    const none = await kubectl(["get", "cm", "-n", "shop", "-l", "app in (db)", "-o", "name"]);
    expect(none.stdout.trim()).toBe("");
    const table = await kubectl(["get", "ns"]);
    expect(table.stdout.split("\n")[0]).toMatch(/^NAME\s+/);
    expect(table.stdout).toMatch(/\nshop\s+/);
    const missing = await kubectl(["get", "cm", "nope", "-n", "shop"]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('configmaps "nope" not found');
  });

  it("watches with get -w: the current objects, then changes as they happen", async () => {
    const w = watchLines(["get", "cm", "-n", "shop", "-w", "-o", "name"], 3);
    await w.ready;
    const other = await kubectl(["create", "configmap", "x", "--dry-run=client", "-o", "json", "-n", "shop"]);
    await kubectl(["apply", "-f", "-"], other.stdout);
    await kubectl(["label", "cm", "x", "-n", "shop", "tier=one"]);
    const lines = await w.result;
    expect(lines).toEqual(["configmap/settings", "configmap/x", "configmap/x"]);
  });

  it("creates a CRD and custom objects, explains them from OpenAPI v3, and refuses an invalid one", async () => {
    const crd = await kubectl(["apply", "-f", "-"], JSON.stringify(widgetCrd));
    expect(crd.code).toBe(0);
    const cr = await kubectl(
      ["apply", "-f", "-"],
      "apiVersion: govcloud.io/v1alpha1\nkind: Widget\nmetadata:\n  name: w1\n  namespace: shop\nspec:\n  size: 3\n",
    );
    expect(cr.stderr).toBe("");
    expect(cr.stdout).toBe("widget.govcloud.io/w1 created\n");
    const table = await kubectl(["get", "wd", "-n", "shop"]);
    // The CRD's printer columns (it declares no Age column, so none is shown).
    expect(table.stdout).toMatch(/^NAME\s+SIZE\n/);
    expect(table.stdout).toMatch(/\nw1\s+3\n/);
    const explain = await kubectl(["explain", "widgets.spec"]);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toContain("size");
    const bad = await kubectl(
      ["apply", "-f", "-"],
      "apiVersion: govcloud.io/v1alpha1\nkind: Widget\nmetadata:\n  name: w2\n  namespace: shop\nspec:\n  size: big\n",
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("spec.size");
    const unknown = await kubectl(
      ["apply", "-f", "-"],
      "apiVersion: govcloud.io/v1alpha1\nkind: Widget\nmetadata:\n  name: w3\n  namespace: shop\nspec:\n  size: 1\n  colour: red\n",
    );
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('unknown field "spec.colour"');
  });

  it("deletes objects and namespaces", async () => {
    const del = await kubectl(["delete", "cm", "x", "-n", "shop"]);
    expect(del.stdout).toBe('configmap "x" deleted\n');
    expect(api.store.get("v1", "ConfigMap", "shop", "x")).toBeUndefined();
    const ns = await kubectl(["delete", "ns", "shop", "--wait=true", "--timeout=20s"]);
    expect(ns.code).toBe(0);
    expect(api.store.get("v1", "Namespace", undefined, "shop")).toBeUndefined();
    expect(api.store.count("apps/v1", "Deployment", "shop")).toBe(0);
  });
});
