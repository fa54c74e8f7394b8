/**
 * CustomResourceDefinitions from the catalog's JSON Schemas (the same contract the loader validates):
 * `$ref`s inlined, JSON-Schema-only keywords dropped, `const` as a one-value enum, objects without
 * declared properties kept with `x-kubernetes-preserve-unknown-fields`, so the result is a structural
 * OpenAPI v3 schema the API server accepts; with the status subresource and printer columns. Pure:
 * schemas in, CRD objects out (the caller reads the files).
 */
import { createRequire } from "node:module";
import type * as YamlLib from "yaml";
import { CRDS, GROUP, type CrdEntry } from "./table.js";

// `yaml` is required when first used, not at every start of the CLI (about 80 ms).
const yamlLib = (): typeof YamlLib => createRequire(import.meta.url)("yaml") as typeof YamlLib;

type Json = Record<string, unknown>;

/** Keywords a structural schema may carry (apiextensions.k8s.io/v1 JSONSchemaProps, validation subset). */
const KEEP = new Set([
  "description",
  "type",
  "format",
  "enum",
  "default",
  "maximum",
  "exclusiveMaximum",
  "minimum",
  "exclusiveMinimum",
  "maxLength",
  "minLength",
  "pattern",
  "maxItems",
  "minItems",
  "uniqueItems",
  "multipleOf",
  "maxProperties",
  "minProperties",
  "required",
  "items",
  "properties",
  "additionalProperties",
  "nullable",
]);

/** Formats the API server knows (others are dropped rather than warned about). */
const FORMATS = new Set([
  "date",
  "date-time",
  "byte",
  "int32",
  "int64",
  "float",
  "double",
  "password",
  "email",
  "hostname",
  "ipv4",
  "ipv6",
  "cidr",
  "mac",
  "uri",
  "uuid",
  "duration",
]);

export interface SchemaSet {
  /** Parsed schema files by file name (`common.schema.json`, …). */
  readonly [file: string]: Json;
}

function resolveRef(ref: string, file: string, schemas: SchemaSet): { node: Json; file: string } {
  const [target, pointer] = ref.split("#");
  const f = target ? target.split("/").pop()! : file;
  const doc = schemas[f];
  if (!doc) throw new Error(`${file}: $ref ${ref} names a schema file that is not there`);
  let node: unknown = doc;
  for (const seg of (pointer ?? "").split("/").filter(Boolean))
    node = (node as Json)?.[seg.replace(/~1/g, "/").replace(/~0/g, "~")];
  if (!node || typeof node !== "object") throw new Error(`${file}: $ref ${ref} points at nothing`);
  return { node: node as Json, file: f };
}

/** One JSON Schema node as a structural schema node. */
export function structural(node: Json, file: string, schemas: SchemaSet, depth = 0): Json {
  if (depth > 64) throw new Error(`${file}: schema nesting deeper than 64 (a $ref cycle?)`);
  if (typeof node.$ref === "string") {
    const { node: target, file: f } = resolveRef(node.$ref, file, schemas);
    const merged = structural(target, f, schemas, depth + 1);
    // Annotations beside the $ref (a more specific description) win.
    return typeof node.description === "string" ? { ...merged, description: node.description } : merged;
  }
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "const") out.enum = [v];
    else if (k === "format") {
      if (FORMATS.has(String(v))) out.format = v;
    } else if (KEEP.has(k)) out[k] = v;
  }
  if (out.type === undefined) {
    if (Array.isArray(out.enum) && out.enum.every((e) => typeof e === "string")) out.type = "string";
    else if (node.properties) out.type = "object";
  }
  if (Array.isArray(out.type)) {
    const t = out.type as string[];
    delete out.type;
    if (t.length === 2 && t.includes("integer") && t.includes("string")) out["x-kubernetes-int-or-string"] = true;
    else out["x-kubernetes-preserve-unknown-fields"] = true;
  }
  if (out.properties) {
    const props: Json = {};
    for (const [k, v] of Object.entries(out.properties as Json))
      props[k] = structural(v as Json, file, schemas, depth + 1);
    out.properties = props;
  }
  if (out.items && typeof out.items === "object") out.items = structural(out.items as Json, file, schemas, depth + 1);
  if (out.additionalProperties === false || out.additionalProperties === true) delete out.additionalProperties;
  else if (out.additionalProperties) {
    if (out.properties) delete out.additionalProperties;
    else out.additionalProperties = structural(out.additionalProperties as Json, file, schemas, depth + 1);
  }
  if (out.type === "object" && !out.properties && !out.additionalProperties)
    out["x-kubernetes-preserve-unknown-fields"] = true;
  // Anything without a type left (oneOf/anyOf alternatives were dropped): keep the data as it is.
  if (out.type === undefined && !out["x-kubernetes-int-or-string"]) out["x-kubernetes-preserve-unknown-fields"] = true;
  return out;
}

/** The CRD of one table entry. */
export function crdOf(entry: CrdEntry, schemas: SchemaSet): Json {
  const doc = schemas[entry.schema];
  if (!doc) throw new Error(`CRD ${entry.kind}: catalog/schema/${entry.schema} does not exist`);
  const props = (doc.properties ?? {}) as Json;
  const root: Json = {
    type: "object",
    ...(typeof doc.description === "string" ? { description: doc.description } : {}),
    properties: {
      apiVersion: { type: "string", description: "APIVersion of the object (govcloud.io/v1alpha1)." },
      kind: { type: "string", description: `Kind of the object (${entry.kind}).` },
      metadata: { type: "object" },
      ...(props.spec ? { spec: structural(props.spec as Json, entry.schema, schemas) } : {}),
      ...(props.status ? { status: structural(props.status as Json, entry.schema, schemas) } : {}),
    },
    ...(Array.isArray(doc.required) && doc.required.includes("spec") ? { required: ["spec"] } : {}),
  };
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: {
      name: `${entry.plural}.${GROUP}`,
      labels: { "app.kubernetes.io/managed-by": "govcloud", "app.kubernetes.io/part-of": "govcloud-operators" },
    },
    spec: {
      group: GROUP,
      names: {
        kind: entry.kind,
        listKind: `${entry.kind}List`,
        plural: entry.plural,
        singular: entry.singular,
        ...(entry.shortNames?.length ? { shortNames: [...entry.shortNames] } : {}),
        categories: ["govcloud"],
      },
      scope: entry.scope,
      versions: [
        {
          name: entry.version,
          served: true,
          storage: true,
          schema: { openAPIV3Schema: root },
          ...(props.status ? { subresources: { status: {} } } : {}),
          additionalPrinterColumns: entry.printerColumns.map((c) => ({ ...c })),
        },
      ],
    },
  };
}

/** Every CRD of the table. */
export function generateCrds(schemas: SchemaSet, entries: readonly CrdEntry[] = CRDS): Json[] {
  return entries.map((e) => crdOf(e, schemas));
}

/** The CRDs as one multi-document YAML stream (what `govcloud operators crds` prints). */
export function crdsYaml(crds: readonly Json[]): string {
  return crds.map((c) => yamlLib().stringify(c, { lineWidth: 0, sortMapEntries: false })).join("---\n");
}

/** File name of a CRD in operators/crds/. */
export const crdFileName = (entry: CrdEntry): string => `${GROUP}_${entry.plural}.yaml`;
