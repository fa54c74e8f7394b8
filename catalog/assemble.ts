/**
 * Pure assembly of the Estate from the catalog's files: parse, dispatch by kind, validate against
 * the schema, then check every cross-reference. Every problem is reported in one pass.
 */
import type { Stats } from "node:fs";
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from "./diagnostics.js";
import { KINDS, kindInfo, validatorFor, type Area } from "./kinds.js";
import type {
  AdminDivisions,
  CloudNode,
  Department,
  DrLedger,
  Estate,
  EstateDocument,
  IpamLedger,
  Loaded,
  Network,
  Offering,
  PolicyException,
  Sourced,
  SystemRequest,
} from "./model.js";
import { namespaceOf, systemKey } from "./model.js";
import { parseFile, type ParsedFile } from "./source.js";
import { schemaDiagnostics } from "./schema-diagnostics.js";
import { checkReferences, type Unresolved } from "./references.js";

export interface CatalogFile {
  /** Path relative to the catalog root, '/'-separated. */
  readonly path: string;
  readonly area: Area;
  readonly bytes: Uint8Array;
  /**
   * The key of the bytes in the parse cache, when the file's metadata shows it unchanged since a run
   * that read it (then `bytes` is read only if asked for).
   */
  readonly key?: string;
  /** The file's metadata when read from disk (the parse cache indexes it). */
  readonly stat?: Stats;
}

export interface AssembleOptions {
  readonly estate: string;
  /** Today's date (YYYY-MM-DD), for exception expiry. */
  readonly today: string;
  /** Files (relative paths) this change adds or modifies: an exception among them must not be expired. */
  readonly changed?: readonly string[];
  /** How a file is parsed (default `parseFile` of its bytes; the loader passes a cached one). */
  readonly parse?: (file: CatalogFile) => ParsedFile;
  /** The policy rules' ids (policies/ knows them): an exception naming another rule is an error. */
  readonly ruleIds?: readonly string[];
}

export interface LoadResult {
  /** The estate, present when no error was found. */
  readonly estate?: Estate;
  readonly diagnostics: Diagnostic[];
}

/** Documents of every kind, as parsed and schema-valid. */
export type DocsByKind = Map<string, Sourced<unknown>[]>;

/**
 * Freezes a value and everything reachable through its own enumerable properties and array members (Maps
 * and Sets are not descended into). Walks by index and key, without the array of values per object
 * Object.values would build: at 50x the Estate is ~2 million values, frozen on every load.
 */
function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v === "object" && v !== null) deepFreeze(v);
    }
  } else {
    const o = value as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const v = o[k];
      if (typeof v === "object" && v !== null) deepFreeze(v);
    }
  }
  return value;
}

export function assembleEstate(root: string, files: readonly CatalogFile[], options: AssembleOptions): LoadResult {
  const diagnostics: Diagnostic[] = [];
  const docs: DocsByKind = new Map(KINDS.map((k) => [k.kind, []]));

  for (const f of files) {
    const parsed = options.parse ? options.parse(f) : parseFile(f.path, f.bytes);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.documents.length === 0 && parsed.diagnostics.length === 0) {
      diagnostics.push(
        diagnostic(
          { file: f.path, line: 1, column: 1 },
          "file-empty",
          "the file holds no document",
          "add the document, or delete the file",
        ),
      );
    }
    if (f.area !== "estate" && parsed.documents.length > 1) {
      diagnostics.push(
        diagnostic(
          parsed.documents[1]!.source,
          "file-multiple-documents",
          `${f.path} holds ${parsed.documents.length} documents; files in ${f.area}/ hold exactly one`,
          "move each document into a file of its own named after it",
        ),
      );
      continue;
    }
    for (const d of parsed.documents) {
      const value = d.value;
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        diagnostics.push(
          diagnostic(
            d.source,
            "document-not-mapping",
            "the document is not a mapping of fields",
            "a catalog document starts with apiVersion:, kind:, metadata: and spec:",
          ),
        );
        continue;
      }
      const kind = (value as { kind?: unknown }).kind;
      const allowed = () => KINDS.filter((k) => k.area === f.area).map((k) => k.kind);
      if (typeof kind !== "string") {
        diagnostics.push(
          diagnostic(
            d.locate(["kind"]),
            "kind-missing",
            "the document has no kind",
            `add "kind:" with one of: ${allowed().join(", ")}`,
          ),
        );
        continue;
      }
      const info = kindInfo(kind);
      if (!info) {
        diagnostics.push(
          diagnostic(
            d.locate(["kind"]),
            "kind-unknown",
            `"${kind}" is not a catalog kind`,
            `use one of: ${allowed().join(", ")}`,
          ),
        );
        continue;
      }
      if (info.area !== f.area) {
        diagnostics.push(
          diagnostic(
            d.locate(["kind"]),
            "kind-wrong-folder",
            `a ${kind} does not belong in ${f.area === "estate" ? `estates/${options.estate}` : f.area}/`,
            `move the file to ${info.area === "estate" ? `estates/${options.estate}` : info.area}/${info.area === "requests" ? "<department>/" : ""}`,
          ),
        );
        continue;
      }
      const validate = validatorFor(kind)!;
      if (!validate(value)) {
        diagnostics.push(...schemaDiagnostics(validate.errors ?? [], d.locate, f.path));
        continue;
      }
      docs.get(kind)!.push({ doc: value, source: d.source, locate: d.locate });
    }
  }

  const estateFileSeen = files.some((f) => f.area === "estate");
  const where = { file: `estates/${options.estate}`, line: 1, column: 1 };
  if (!estateFileSeen) {
    diagnostics.push(
      diagnostic(
        where,
        "estate-not-found",
        `the catalog has no estate "${options.estate}"`,
        `create catalog/estates/${options.estate}/, or pass --estate with an existing one`,
      ),
    );
    return { diagnostics: sortDiagnostics(diagnostics) };
  }
  for (const k of KINDS.filter((k) => k.singleton)) {
    const list = docs.get(k.kind)!;
    if (
      list.length === 0 &&
      !k.optional &&
      !diagnostics.some((d) => d.file.startsWith(`estates/${options.estate}/`) && d.severity === "error")
    ) {
      diagnostics.push(
        diagnostic(
          where,
          "estate-incomplete",
          `the estate has no ${k.kind} document`,
          `add one ${k.kind} document under estates/${options.estate}/`,
        ),
      );
    }
    for (const extra of list.slice(1)) {
      diagnostics.push(
        diagnostic(
          extra.source,
          "duplicate-singleton",
          `a second ${k.kind} document`,
          `an estate has exactly one ${k.kind}: merge the two`,
        ),
      );
    }
  }

  const parseFailed = hasErrors(diagnostics);
  const complete = KINDS.filter((k) => k.singleton && !k.optional).every((k) => docs.get(k.kind)!.length > 0);
  if (!complete) return { diagnostics: sortDiagnostics(diagnostics) };

  const estate = buildEstate(root, options.estate, docs);
  diagnostics.push(...checkReferences(estate, { ...options, unresolved: unresolvedNames(diagnostics) }));
  const sorted = sortDiagnostics(diagnostics);
  if (parseFailed || hasErrors(sorted)) return { diagnostics: sorted };
  return { estate: deepFreeze(estate), diagnostics: sorted };
}

/**
 * Names defined by files that failed to load: a reference to one of them is not reported again as
 * unknown, since the file's own diagnostics already say what is wrong.
 */
function unresolvedNames(diagnostics: readonly Diagnostic[]): Unresolved {
  const broken = new Set(diagnostics.filter((d) => d.severity === "error").map((d) => d.file));
  const systems = new Set<string>();
  const offerings = new Set<string>();
  let estate = false;
  for (const file of broken) {
    const parts = file.split("/");
    if (parts[0] === "requests" && parts.length === 3) systems.add(`${parts[1]}/${parts[2]!.replace(/\.ya?ml$/, "")}`);
    else if (parts[0] === "offerings") offerings.add(parts[1]!.replace(/\.ya?ml$/, ""));
    else if (parts[0] === "estates") estate = true;
  }
  return { systems, offerings, estate };
}

const byName = <T extends { doc: { metadata: { name: string } } }>(a: T, b: T) =>
  a.doc.metadata.name < b.doc.metadata.name ? -1 : a.doc.metadata.name > b.doc.metadata.name ? 1 : 0;

function buildEstate(root: string, name: string, docs: DocsByKind): Estate {
  const get = <T>(kind: string) => docs.get(kind)! as unknown as Loaded<T>[];
  const clouds = [...get<CloudNode>("CloudNode")].sort(byName);
  const departments = [...get<Department>("Department")].sort(byName);
  const offerings = [...get<Offering>("Offering")].sort(byName);
  const exceptions = [...get<PolicyException>("PolicyException")].sort(byName);
  const requests = [...get<SystemRequest>("SystemRequest")].sort(
    (a, b) =>
      a.doc.spec.department.localeCompare(b.doc.spec.department, "en") ||
      (a.doc.metadata.name < b.doc.metadata.name ? -1 : a.doc.metadata.name > b.doc.metadata.name ? 1 : 0) ||
      (a.source.file < b.source.file ? -1 : 1),
  );
  const first = <T>(m: Map<string, T>, k: string, v: T) => (m.has(k) ? m : m.set(k, v));
  const cloud = new Map<string, Loaded<CloudNode>>();
  const siteCloud = new Map<string, Loaded<CloudNode>>();
  for (const c of clouds) {
    first(cloud, c.doc.metadata.name, c);
    for (const s of c.doc.spec.sites) first(siteCloud, s.name, c);
  }
  const department = new Map<string, Loaded<Department>>();
  for (const d of departments) first(department, d.doc.metadata.name, d);
  const offering = new Map<string, Loaded<Offering>>();
  for (const o of offerings) first(offering, o.doc.metadata.name, o);
  const request = new Map<string, Loaded<SystemRequest>>();
  const namespace = new Map<string, Loaded<SystemRequest>>();
  for (const r of requests) {
    first(request, systemKey(r.doc), r);
    namespace.set(namespaceOf(r.doc), r); // the last of a (rejected) namespace collision, as before
  }
  const drLedger = get<DrLedger>("DrLedger")[0];
  return {
    name,
    root,
    estate: get<EstateDocument>("Estate")[0]!,
    clouds,
    departments,
    divisions: get<AdminDivisions>("AdminDivisions")[0]!,
    network: get<Network>("Network")[0]!,
    ...(get<IpamLedger>("IpamLedger").length ? { ipamLedger: get<IpamLedger>("IpamLedger")[0]! } : {}),
    offerings,
    requests,
    exceptions,
    ...(drLedger ? { drLedger } : {}),
    index: { cloud, department, offering, request, namespace, siteCloud },
  };
}
