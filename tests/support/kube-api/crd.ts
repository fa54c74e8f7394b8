/**
 * CustomResourceDefinitions: a CRD's served versions become kinds; custom objects are pruned (unknown
 * fields dropped unless `x-kubernetes-preserve-unknown-fields`, or refused with `fieldValidation=Strict`)
 * and validated against the structural schema with ajv (422 Invalid with one cause per field).
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { OBJECT_META_FIELDS, type KindSpec, type PrinterColumn } from "./kinds.js";
import { isObj, type Json } from "./patch.js";
import { errors } from "./status.js";

type Schema = Record<string, unknown>;
type Obj = { [k: string]: Json };

const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });

/** OpenAPI v3 structural schema → JSON Schema for ajv (nullable, int-or-string, x- keywords). */
function toJsonSchema(s: Schema, root = true): Schema {
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    if (
      k.startsWith("x-kubernetes-") ||
      k === "nullable" ||
      k === "description" ||
      k === "example" ||
      k === "externalDocs"
    )
      continue;
    if (k === "properties" && isObj(v as Json)) {
      const props: Schema = {};
      for (const [pk, pv] of Object.entries(v as Schema)) props[pk] = toJsonSchema(pv as Schema, false);
      out.properties = props;
    } else if ((k === "items" || k === "additionalProperties" || k === "not") && isObj(v as Json))
      out[k] = toJsonSchema(v as Schema, false);
    else if ((k === "allOf" || k === "anyOf" || k === "oneOf") && Array.isArray(v))
      out[k] = v.map((x) => toJsonSchema(x as Schema, false));
    else out[k] = v;
  }
  if (s["x-kubernetes-int-or-string"] === true) {
    delete out.type;
    out.anyOf = [{ type: "integer" }, { type: "string" }, ...((out.anyOf as Schema[] | undefined) ?? [])];
    if ((out.anyOf as Schema[]).length > 2) out.anyOf = (out.anyOf as Schema[]).slice(0, 2);
  }
  if (s.nullable === true && typeof out.type === "string") out.type = [out.type, "null"];
  if (root) {
    // metadata is validated by the server itself, not the CRD's schema.
    const props = (out.properties as Schema | undefined) ?? {};
    delete props.metadata;
    out.properties = props;
  }
  return out;
}

export interface CustomKindRuntime {
  validate: ValidateFunction;
  schema: Schema;
}

const runtimes = new WeakMap<KindSpec, CustomKindRuntime>();

export function runtimeOf(k: KindSpec): CustomKindRuntime | undefined {
  if (!k.custom || !k.schema) return undefined;
  let r = runtimes.get(k);
  if (!r) {
    r = { validate: ajv.compile(toJsonSchema(k.schema)), schema: k.schema };
    runtimes.set(k, r);
  }
  return r;
}

const METADATA_FIELDS = new Set(OBJECT_META_FIELDS);

/** Drops fields the schema does not declare (in place); returns the paths dropped. */
export function prune(obj: Obj, schema: Schema): string[] {
  const dropped: string[] = [];
  const walk = (v: Json, s: Schema | undefined, path: string, root: boolean): void => {
    if (
      !s ||
      (s["x-kubernetes-preserve-unknown-fields"] === true && !s.properties && !s.items && !s.additionalProperties)
    )
      return;
    if (isObj(v)) {
      const props = s.properties as Record<string, Schema> | undefined;
      const addl = s.additionalProperties;
      const preserve = s["x-kubernetes-preserve-unknown-fields"] === true;
      const embedded = s["x-kubernetes-embedded-resource"] === true;
      for (const k of Object.keys(v)) {
        const p = path ? `${path}.${k}` : k;
        if ((root || embedded) && (k === "apiVersion" || k === "kind")) continue;
        if ((root || embedded) && k === "metadata") {
          const md = v[k];
          if (isObj(md))
            for (const mk of Object.keys(md)) if (!METADATA_FIELDS.has(mk)) (delete md[mk], dropped.push(`${p}.${mk}`));
          continue;
        }
        const sub = props?.[k];
        if (sub) walk(v[k]!, sub, p, false);
        else if (isObj(addl as Json)) walk(v[k]!, addl as Schema, p, false);
        else if (addl === true || preserve) continue;
        else {
          delete v[k];
          dropped.push(p);
        }
      }
    } else if (Array.isArray(v) && s.items) {
      v.forEach((item, i) => walk(item, s.items as Schema, `${path}[${i}]`, false));
    }
  };
  walk(obj, schema, "", true);
  return dropped;
}

function fieldOf(e: ErrorObject): string {
  const parts = e.instancePath
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  let s = "";
  for (const p of parts) s += /^\d+$/.test(p) ? `[${p}]` : s ? `.${p}` : p;
  return s;
}

function show(v: unknown): string {
  return typeof v === "string" ? JSON.stringify(v) : (JSON.stringify(v) ?? "null");
}

/** 422 causes from ajv errors, worded like kube-openapi's validation errors. */
export function causesOf(
  errs: readonly ErrorObject[],
  obj: Obj,
): Array<{ field: string; type: string; detail: string }> {
  const out: Array<{ field: string; type: string; detail: string }> = [];
  const seen = new Set<string>();
  for (const e of errs) {
    if (e.keyword === "anyOf" || e.keyword === "oneOf" || e.keyword === "allOf") continue;
    let field = fieldOf(e);
    const value = valueAt(obj, e.instancePath);
    let type: string;
    let detail: string;
    switch (e.keyword) {
      case "type":
        type = "FieldValueTypeInvalid";
        detail = `Invalid value: ${show(value)}: ${field || "body"} in body must be of type ${String((e.params as { type: string }).type).replace(/,null$/, "")}: ${show(value)}`;
        break;
      case "required":
        field = field
          ? `${field}.${(e.params as { missingProperty: string }).missingProperty}`
          : (e.params as { missingProperty: string }).missingProperty;
        type = "FieldValueRequired";
        detail = "Required value";
        break;
      case "enum":
        type = "FieldValueNotSupported";
        detail = `Unsupported value: ${show(value)}: supported values: ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(show).join(", ")}`;
        break;
      default:
        type = "FieldValueInvalid";
        detail = `Invalid value: ${show(value)}: ${field || "body"} in body ${e.message ?? "is invalid"}`;
    }
    const key = `${field}\u0000${detail}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ field, type, detail });
  }
  return out;
}

function valueAt(obj: Obj, pointer: string): unknown {
  let cur: unknown = obj;
  for (const p of pointer.split("/").slice(1)) {
    const k = p.replace(/~1/g, "/").replace(/~0/g, "~");
    cur = Array.isArray(cur) ? cur[Number(k)] : isObj(cur as Json) ? (cur as Obj)[k] : undefined;
  }
  return cur;
}

/** Prunes and validates a custom object in place; throws 400 (strict unknown fields) or 422. */
export function admitCustom(k: KindSpec, obj: Obj, fieldValidation: string | null): string[] {
  const rt = runtimeOf(k);
  if (!rt) return [];
  const dropped = prune(obj, rt.schema);
  if (dropped.length && fieldValidation === "Strict") {
    const parts = dropped.map((p) => `unknown field "${p}"`);
    throw errors.badRequest(
      `${k.kind} in version "${k.version}" cannot be handled as a ${k.kind}: strict decoding error: ${parts.join(", ")}`,
    );
  }
  const md = obj.metadata as Obj | undefined;
  const valid = rt.validate(obj) as boolean;
  if (!valid) {
    const name = isObj(md ?? null) ? String(md!.name ?? "") : "";
    throw errors.invalid(k.kind, k.group, name, causesOf(rt.validate.errors ?? [], obj));
  }
  return dropped.map((p) => `unknown field "${p}"`);
}

/** The kinds a CRD serves (one per served version), or a 422 describing what is wrong with it. */
export function kindsOfCrd(crd: Obj): KindSpec[] {
  const md = (crd.metadata ?? {}) as Obj;
  const spec = crd.spec as Obj | undefined;
  const name = String(md.name ?? "");
  const causes: Array<{ field: string; type: string; detail: string }> = [];
  const names = (spec?.names ?? {}) as Obj;
  const group = String(spec?.group ?? "");
  if (!spec) causes.push({ field: "spec", type: "FieldValueRequired", detail: "Required value" });
  if (!group) causes.push({ field: "spec.group", type: "FieldValueRequired", detail: "Required value" });
  if (!names.plural) causes.push({ field: "spec.names.plural", type: "FieldValueRequired", detail: "Required value" });
  if (!names.kind) causes.push({ field: "spec.names.kind", type: "FieldValueRequired", detail: "Required value" });
  if (spec && spec.scope !== "Namespaced" && spec.scope !== "Cluster")
    causes.push({
      field: "spec.scope",
      type: "FieldValueNotSupported",
      detail: `Unsupported value: ${show(spec.scope)}: supported values: "Cluster", "Namespaced"`,
    });
  if (names.plural && group && name !== `${String(names.plural)}.${group}`)
    causes.push({
      field: "metadata.name",
      type: "FieldValueInvalid",
      detail: `Invalid value: ${show(name)}: must be spec.names.plural+"."+spec.group`,
    });
  const versions = Array.isArray(spec?.versions) ? (spec.versions as Obj[]) : [];
  if (spec && versions.length === 0)
    causes.push({
      field: "spec.versions",
      type: "FieldValueInvalid",
      detail: "Invalid value: null: must have exactly one version marked as storage version",
    });
  versions.forEach((v, i) => {
    const schema = (v.schema as Obj | undefined)?.openAPIV3Schema;
    if (!isObj(schema as Json))
      causes.push({
        field: `spec.versions[${i}].schema.openAPIV3Schema`,
        type: "FieldValueRequired",
        detail: "Required value: schemas are required",
      });
    else if ((schema as Obj).type !== "object")
      causes.push({
        field: `spec.versions[${i}].schema.openAPIV3Schema.type`,
        type: "FieldValueRequired",
        detail: `Required value: must be object at the root`,
      });
  });
  if (causes.length) throw errors.invalid("CustomResourceDefinition", "apiextensions.k8s.io", name, causes);
  return versions
    .filter((v) => v.served !== false)
    .map((v) => {
      const sub = (v.subresources ?? {}) as Obj;
      const cols = (Array.isArray(v.additionalPrinterColumns)
        ? v.additionalPrinterColumns
        : []) as unknown as PrinterColumn[];
      const k: KindSpec = {
        group,
        version: String(v.name),
        kind: String(names.kind),
        plural: String(names.plural),
        singular: String(names.singular ?? String(names.kind).toLowerCase()),
        namespaced: spec!.scope === "Namespaced",
        shortNames: (names.shortNames as string[] | undefined) ?? [],
        categories: (names.categories as string[] | undefined) ?? [],
        status: isObj(sub.status as Json),
        generation: true,
        custom: true,
        schema: (v.schema as Obj).openAPIV3Schema as Schema,
        printerColumns: cols,
        crdName: name,
      };
      return k;
    });
}

/** The status a real server gives an accepted CRD. */
export function crdStatus(crd: Obj, now: string): Obj {
  const spec = crd.spec as Obj;
  const names = spec.names as Obj;
  const cond = (type: string, reason: string, message: string): Obj => ({
    type,
    status: "True",
    lastTransitionTime: now,
    reason,
    message,
  });
  const versions = (spec.versions as Obj[]).filter((v) => v.storage !== false).map((v) => v.name as Json);
  return {
    conditions: [
      cond("NamesAccepted", "NoConflicts", "no conflicts found"),
      cond("Established", "InitialNamesAccepted", "the initial names have been accepted"),
    ],
    acceptedNames: {
      ...names,
      singular: names.singular ?? String(names.kind).toLowerCase(),
      listKind: names.listKind ?? `${String(names.kind)}List`,
    },
    storedVersions: versions.slice(0, 1),
  };
}
