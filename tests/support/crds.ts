/**
 * Third-party CRDs carried in tests/fixtures/crds (sources, versions and licences in its README.md):
 * their openAPIV3Schema as ajv validators. A Kubernetes API server prunes fields a structural schema does
 * not know; here unknown fields are errors instead, so a misspelt field in a realised object is caught.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import { parse } from "yaml";
import { ROOT } from "./cli.js";

export const CRD_DIR = join(ROOT, "tests/fixtures/crds");

/** The CRD files, keyed `<apiVersion>/<Kind>`. KubeVirt's comes as a bare schema (see the README). */
export const CRD_FILES: Readonly<Record<string, string>> = {
  "postgresql.cnpg.io/v1/Cluster": "postgresql.cnpg.io_clusters.yaml",
  "kubevirt.io/v1/VirtualMachine": "kubevirt.io_virtualmachines_v1.schema.json",
  "objectbucket.io/v1alpha1/ObjectBucketClaim": "objectbucket.io_objectbucketclaims.yaml",
  "velero.io/v1/Backup": "velero.io_backups.yaml",
  "velero.io/v1/Schedule": "velero.io_schedules.yaml",
};

interface Crd {
  spec: { group: string; names: { kind: string; plural: string }; versions: { name: string; schema: { openAPIV3Schema: Record<string, unknown> } }[] };
}

/** A CRD object (apiextensions.k8s.io/v1) for the kind: the file itself, or one wrapped around a bare schema. */
export function loadCrd(key: string): Crd & Record<string, unknown> {
  const file = CRD_FILES[key];
  if (!file) throw new Error(`no CRD for ${key}`);
  const text = readFileSync(join(CRD_DIR, file), "utf8");
  if (file.endsWith(".yaml")) return parse(text) as Crd & Record<string, unknown>;
  const [group, version, kind] = [key.split("/").slice(0, -2).join("/"), key.split("/").at(-2)!, key.split("/").at(-1)!];
  const plural = `${kind.toLowerCase()}s`;
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      scope: "Namespaced",
      names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase() },
      versions: [{ name: version, served: true, storage: true, subresources: { status: {} }, schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } }],
    },
  } as unknown as Crd & Record<string, unknown>;
}

/** Makes every object schema with properties closed, unless it keeps unknown fields on purpose. */
function closed(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closed);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === "properties" ? Object.fromEntries(Object.entries(v as object).map(([p, s]) => [p, closed(s)])) : closed(v);
  if (out.properties !== undefined && out.additionalProperties === undefined && out["x-kubernetes-preserve-unknown-fields"] !== true) out.additionalProperties = false;
  return out;
}

const cache = new Map<string, ValidateFunction>();

/** A validator of the kind's openAPIV3Schema (closed: unknown fields are errors). */
export function crdValidator(key: string): ValidateFunction {
  let v = cache.get(key);
  if (v) return v;
  const file = CRD_FILES[key]!;
  const schema = file.endsWith(".json")
    ? JSON.parse(readFileSync(join(CRD_DIR, file), "utf8"))
    : loadCrd(key).spec.versions.find((x) => x.name === key.split("/").at(-2))!.schema.openAPIV3Schema;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  v = ajv.compile(closed(schema) as object);
  cache.set(key, v);
  return v;
}

/** Errors of an object against its kind's CRD schema, as `path message` lines (empty when valid). */
export function crdErrors(o: { apiVersion: string; kind: string }): string[] {
  const v = crdValidator(`${o.apiVersion}/${o.kind}`);
  return v(o) ? [] : (v.errors ?? []).map((e) => `${e.instancePath} ${e.message}${e.params && "additionalProperty" in e.params ? ` (${String(e.params.additionalProperty)})` : ""}`);
}
