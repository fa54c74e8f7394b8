/**
 * The Estate: the typed, validated, immutable model of everything in `catalog/`.
 * Documents keep their schema types (generated from catalog/schema/*.schema.json); the loader adds
 * where each one came from so that every later finding can point at a file and line.
 */
import type {
  AdminDivisions,
  CloudNode,
  Department,
  DrLedger,
  Estate as EstateDocument,
  IpamLedger,
  Network,
  Offering,
  PolicyException,
  ServiceInstance,
  SystemRequest,
} from "./schema/types.js";

export type {
  AdminDivisions,
  CloudNode,
  Department,
  DrLedger,
  EstateDocument,
  IpamLedger,
  Network,
  Offering,
  PolicyException,
  ServiceInstance,
  SystemRequest,
};
export type {
  CloudKind,
  DataLevel,
  MlpsLevel,
  Zone,
  Capacity,
  Contact,
  OfferingQuotaTerm,
  EstateMigrationDeadline,
} from "./schema/types.js";

/** A position in a catalog file: 1-based line and column, path relative to the catalog root. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A path into a document, as keys and array indices (like a JSON pointer split on '/'). */
export type DocPath = readonly (string | number)[];

/**
 * Resolves a path inside one loaded document to its position, falling back to the nearest ancestor
 * that exists. With `key`, a mapping entry resolves to its key rather than its value.
 */
export type Locator = (path: DocPath, options?: { key?: boolean }) => SourcePosition;

/** A document as loaded: the validated value plus where it came from. */
export interface Sourced<T> {
  readonly doc: T;
  readonly source: SourcePosition;
  readonly locate: Locator;
}

/** Deeply read-only view of plain data. */
export type DeepReadonly<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends (infer U)[]
    ? readonly DeepReadonly<U>[]
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;

export type Loaded<T> = DeepReadonly<Sourced<T>>;

export interface Estate {
  /** Estate name (the folder under catalog/estates/). */
  readonly name: string;
  /** Absolute path of the catalog root. */
  readonly root: string;
  readonly estate: Loaded<EstateDocument>;
  /** Cloud nodes, sorted by id. */
  readonly clouds: readonly Loaded<CloudNode>[];
  /** Departments, sorted by id. */
  readonly departments: readonly Loaded<Department>[];
  readonly divisions: Loaded<AdminDivisions>;
  readonly network: Loaded<Network>;
  /** The address plan's ledger (ipam-ledger.yaml), when the estate has one yet. */
  readonly ipamLedger?: Loaded<IpamLedger>;
  /** Offerings, sorted by id. */
  readonly offerings: readonly Loaded<Offering>[];
  /** Requests, sorted by department then system id. */
  readonly requests: readonly Loaded<SystemRequest>[];
  /** Exceptions, sorted by name. */
  readonly exceptions: readonly Loaded<PolicyException>[];
  /** The DR ledger (estates/<name>/dr-ledger.yaml), when one has been written. */
  readonly drLedger?: Loaded<DrLedger>;
  /** Lookups by id. */
  readonly index: EstateIndex;
}

export interface EstateIndex {
  readonly cloud: ReadonlyMap<string, Loaded<CloudNode>>;
  readonly department: ReadonlyMap<string, Loaded<Department>>;
  readonly offering: ReadonlyMap<string, Loaded<Offering>>;
  /** Keyed by `<department>/<system>`. */
  readonly request: ReadonlyMap<string, Loaded<SystemRequest>>;
  /** Keyed by the system's namespace `<department>-<system>`. */
  readonly namespace: ReadonlyMap<string, Loaded<SystemRequest>>;
  /** Site id -> its cloud node. */
  readonly siteCloud: ReadonlyMap<string, Loaded<CloudNode>>;
}

/** The key (`<department>/<system>`) and the namespace (`<department>-<system>`) of a system: kube/ spells them. */
export { systemKey, namespaceOf } from "../kube/index.js";
