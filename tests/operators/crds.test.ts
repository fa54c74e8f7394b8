/** The CRDs: generated from catalog/schema, committed fresh, structural, and enforced by an API server. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CRDS, crdFileName, crdOf, crds, crdsYaml, readSchemas } from "../../operators/index.js";
import { ApiError, KubeClient, type KObject } from "../../operators/runtime/index.js";
import { startKubeApi } from "../support/kube-api/index.js";
import { ROOT } from "../support/cli.js";

const FORBIDDEN = ["$ref", "$defs", "$schema", "$id", "const", "oneOf", "anyOf", "allOf", "not", "title", "examples", "if", "then", "else", "patternProperties"];

function walk(node: unknown, path: string, visit: (n: Record<string, unknown>, path: string) => void): void {
  if (!node || typeof node !== "object") return;
  const n = node as Record<string, unknown>;
  visit(n, path);
  for (const [k, v] of Object.entries((n.properties as Record<string, unknown>) ?? {})) walk(v, `${path}.${k}`, visit);
  if (n.items) walk(n.items, `${path}[]`, visit);
  if (n.additionalProperties && typeof n.additionalProperties === "object") walk(n.additionalProperties, `${path}{}`, visit);
}

describe("CRDs", () => {
  it("are committed as generated (npm run gen:crds)", () => {
    const schemas = readSchemas(join(ROOT, "catalog/schema"));
    for (const e of CRDS) expect(readFileSync(join(ROOT, "operators/crds", crdFileName(e)), "utf8"), crdFileName(e)).toBe(crdsYaml([crdOf(e, schemas)]));
  });

  it("are structural: every node has a type (or says it keeps unknown fields), no JSON-Schema-only keywords", () => {
    for (const crd of crds()) {
      const v = (crd.spec as { versions: { schema: { openAPIV3Schema: unknown }; subresources?: unknown; additionalPrinterColumns: unknown[] }[] }).versions[0]!;
      expect(v.subresources).toEqual({ status: {} });
      expect(v.additionalPrinterColumns.length).toBeGreaterThan(0);
      walk(v.schema.openAPIV3Schema, "", (n, path) => {
        expect(n.type !== undefined || n["x-kubernetes-preserve-unknown-fields"] === true || n["x-kubernetes-int-or-string"] === true, `${path} has no type`).toBe(true);
        for (const k of FORBIDDEN) expect(n, `${path}`).not.toHaveProperty(k);
        if (n.properties) expect(n.additionalProperties, `${path}: properties and additionalProperties`).toBeUndefined();
      });
    }
  });

  it("make an API server accept a valid ServiceInstance, refuse malformed ones, and serve its status subresource", async () => {
    const api = await startKubeApi({ crds: crds() as never });
    const client = new KubeClient(api.kubeConfig());
    const { loadRuntime } = await import("../../operators/index.js");
    await loadRuntime(); // registers ServiceInstance as a resource
    try {
      const si = (spec: Record<string, unknown>, name = "db"): KObject => ({ apiVersion: "govcloud.io/v1alpha1", kind: "ServiceInstance", metadata: { name, namespace: "default" }, spec });
      const ok = await client.create(si({ system: "portal", department: "health", offering: "vm", params: { vcpu: 2, anything: { nested: true } }, exitPolicy: "Backup" }));
      expect(ok.metadata.generation).toBe(1);
      const bad = await client.create(si({ system: "portal", department: "health", offering: "vm", params: {}, exitPolicy: "Shred" }, "bad")).catch((e: unknown) => e);
      expect(bad).toBeInstanceOf(ApiError);
      expect((bad as ApiError).status).toBe(422);
      expect((bad as ApiError).message).toMatch(/exitPolicy/);
      const missing = await client.create(si({ system: "portal" }, "missing")).catch((e: unknown) => e);
      expect((missing as ApiError).status).toBe(422);
      const status = await client.apply({ apiVersion: "govcloud.io/v1alpha1", kind: "ServiceInstance", metadata: { name: "db", namespace: "default" }, status: { phase: "Ready", observedGeneration: 1 } }, "govcloud-catalog", { subresource: "status" });
      expect(status.status).toMatchObject({ phase: "Ready" });
      expect(status.metadata.generation).toBe(1);
    } finally {
      client.close();
      await api.stop();
    }
  });
});
