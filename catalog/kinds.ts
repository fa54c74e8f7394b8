/**
 * The document kinds of the catalog, the schema that validates each, and where each may live.
 * Adding a kind = adding its schema file and a row here.
 */
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import type { Ajv2020, ErrorObject, Options, ValidateFunction } from "ajv/dist/2020.js";
import common from "./schema/common.schema.json" with { type: "json" };
import estate from "./schema/estate.schema.json" with { type: "json" };
import cloud from "./schema/cloud.schema.json" with { type: "json" };
import department from "./schema/department.schema.json" with { type: "json" };
import divisions from "./schema/divisions.schema.json" with { type: "json" };
import network from "./schema/network.schema.json" with { type: "json" };
import ipamLedger from "./schema/ipam-ledger.schema.json" with { type: "json" };
import offering from "./schema/offering.schema.json" with { type: "json" };
import request from "./schema/request.schema.json" with { type: "json" };
import exception from "./schema/exception.schema.json" with { type: "json" };
import drLedger from "./schema/dr-ledger.schema.json" with { type: "json" };
import serviceInstance from "./schema/serviceinstance.schema.json" with { type: "json" };

/** Folder of the catalog a document lives in. */
export type Area = "estate" | "offerings" | "requests" | "exceptions";

export interface KindInfo {
  readonly kind: string;
  readonly schema: { $id: string };
  readonly area: Area;
  /** At most one document of this kind per estate. */
  readonly singleton: boolean;
  /** A singleton the estate may leave out (a ledger not yet written). */
  readonly optional?: boolean;
}

export const KINDS: readonly KindInfo[] = [
  { kind: "Estate", schema: estate, area: "estate", singleton: true },
  { kind: "CloudNode", schema: cloud, area: "estate", singleton: false },
  { kind: "Department", schema: department, area: "estate", singleton: false },
  { kind: "AdminDivisions", schema: divisions, area: "estate", singleton: true },
  { kind: "Network", schema: network, area: "estate", singleton: true },
  { kind: "IpamLedger", schema: ipamLedger, area: "estate", singleton: true, optional: true },
  { kind: "Offering", schema: offering, area: "offerings", singleton: false },
  { kind: "SystemRequest", schema: request, area: "requests", singleton: false },
  { kind: "PolicyException", schema: exception, area: "exceptions", singleton: false },
  { kind: "DrLedger", schema: drLedger, area: "estate", singleton: true, optional: true },
];

/**
 * Schemas of cluster objects govcloud defines (not catalog documents): the ServiceInstance claim the
 * service-catalogue operator reconciles. Registered with every ajv instance, never read from catalog/.
 */
export const OBJECT_SCHEMAS = { ServiceInstance: serviceInstance as { $id: string } } as const;

export const SCHEMAS = [common, ...KINDS.map((k) => k.schema), ...Object.values(OBJECT_SCHEMAS)];

/**
 * ajv and ajv-formats (CommonJS), required when a schema is compiled at run time: the build precompiles
 * the kinds' validators and the embedded offerings' parameter schemas, so a run of `govcloud` on such
 * a catalog never loads ajv's compiler (about 60 ms at every start).
 */
const requireHere = createRequire(import.meta.url);
const ajvClass = (): typeof Ajv2020 => (requireHere("ajv/dist/2020.js") as { Ajv2020: typeof Ajv2020 }).Ajv2020;
const addFormats = (ajv: Ajv2020): Ajv2020 => {
  const mod = requireHere("ajv-formats") as { default?: unknown };
  return ((mod.default ?? mod) as (ajv: Ajv2020) => Ajv2020)(ajv);
};

/** A fresh ajv instance with every catalog schema registered and the formats the schemas use. */
export function createAjv(options: Options = {}): Ajv2020 {
  const Ajv = ajvClass();
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
    ...options,
  });
  addFormats(ajv);
  for (const s of SCHEMAS) ajv.addSchema(s);
  return ajv;
}

/** Identifies the schemas' exact content; precompiled validators carry the one they were built from. */
export function schemasFingerprint(): string {
  return createHash("sha256").update(JSON.stringify(SCHEMAS)).digest("hex");
}

/** File name, beside the compiled kinds.js, of the validators `npm run build` compiles ahead of time. */
export const PRECOMPILED_VALIDATORS = "schema-validators.cjs";

let precompiledModule: Record<string, unknown> | null | undefined;

/**
 * The validators compiled at build time (scripts/gen-validators.mjs), if they are there and were built
 * from these very schemas. Compiling the schemas costs a few hundred milliseconds of every run.
 */
function loadPrecompiled(): Record<string, unknown> | undefined {
  if (precompiledModule === undefined) {
    try {
      const mod = createRequire(import.meta.url)(`./${PRECOMPILED_VALIDATORS}`) as Record<string, unknown>;
      precompiledModule = mod.fingerprint === schemasFingerprint() ? mod : null;
    } catch {
      precompiledModule = null; // running from source (tests): compile at run time
    }
  }
  return precompiledModule ?? undefined;
}

function precompiled(): Map<string, ValidateFunction> | undefined {
  const mod = loadPrecompiled();
  if (!mod || !KINDS.every((k) => typeof mod[k.kind] === "function")) return undefined;
  return new Map(KINDS.map((k) => [k.kind, mod[k.kind] as ValidateFunction]));
}

/** The JSON Schema 2020-12 meta-schema, which offerings' parameter schemas must satisfy. */
export const META_SCHEMA_2020 = "https://json-schema.org/draft/2020-12/schema";

let compiled: Map<string, ValidateFunction> | undefined;
let parameters: { ajv: Ajv2020; meta: ValidateFunction } | undefined;

/** The options offerings' parameter schemas are compiled with (at run time, and ahead of time by the build). */
export const PARAMETERS_AJV_OPTIONS: Options = { allErrors: true, verbose: true, strict: false, validateSchema: false };

/** File name, beside kinds.js, of the embedded catalog's parameter validators compiled by `npm run build`. */
export const PRECOMPILED_PARAMETERS = "parameter-validators.cjs";

/** Identifies a parameter schema by its content (keys sorted), whatever file or parser it came from. */
export function parametersKey(schema: unknown): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v !== null && typeof v === "object"
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
          )
        : v;
  return createHash("sha256")
    .update(JSON.stringify(sorted(schema)))
    .digest("hex");
}

let precompiledParameters: Record<string, unknown> | null | undefined;

/** A parameter validator the build compiled from a schema with this very content (it passed the meta-schema then). */
function precompiledParameter(schema: object): ValidateFunction | undefined {
  if (precompiledParameters === undefined) {
    try {
      precompiledParameters = createRequire(import.meta.url)(`./${PRECOMPILED_PARAMETERS}`) as Record<string, unknown>;
    } catch {
      precompiledParameters = null;
    }
  }
  if (!precompiledParameters) return undefined;
  const f = precompiledParameters[`p${parametersKey(schema)}`];
  return typeof f === "function" ? (f as ValidateFunction) : undefined;
}

/**
 * Compiles an offering's parameter schema (a schema the catalog brings, so checked against the
 * meta-schema first). The meta-schema validator is precompiled by the build when available: compiling
 * it costs more than all the parameter schemas of an estate. Throws with the reason when the schema is
 * not a valid JSON Schema.
 */
export function compileParameters(schema: object): ValidateFunction {
  // The embedded catalog's schemas (and the estates generated from it) were compiled by the build.
  const built = precompiledParameter(schema);
  if (built) return built;
  if (!parameters) {
    const Ajv = ajvClass();
    const ajv = new Ajv(PARAMETERS_AJV_OPTIONS);
    const built = loadPrecompiled()?.MetaSchema2020;
    const meta =
      typeof built === "function"
        ? (built as ValidateFunction)
        : new Ajv({ strict: false }).getSchema(META_SCHEMA_2020)!;
    parameters = { ajv, meta };
  }
  if (!parameters.meta(schema)) {
    throw new Error(`schema is invalid: ${parameters.ajv.errorsText(parameters.meta.errors, { dataVar: "schema" })}`);
  }
  return parameters.ajv.compile(schema);
}

/** The validator of a kind: precompiled when the build made it, else compiled once per process. */
export function validatorFor(kind: string): ValidateFunction | undefined {
  if (!compiled) {
    compiled = precompiled();
    if (!compiled) {
      const ajv = createAjv();
      compiled = new Map(KINDS.map((k) => [k.kind, ajv.getSchema(k.schema.$id)!]));
    }
  }
  return compiled.get(kind);
}

export type SchemaError = ErrorObject;
export const kindInfo = (kind: string) => KINDS.find((k) => k.kind === kind);
