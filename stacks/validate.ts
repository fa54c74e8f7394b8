/**
 * The `validate` use case: a catalog loaded and checked against its schemas and cross-references
 * (catalog/), then against the network's own checks — address plan, IPAM ledger against the
 * divisions, flow matrix and channels (stacks/network) — and against the capacity of every cloud node
 * for what the plan reserves there, warm standbys included (`node-over-capacity`, as `plan` reports it),
 * and summarised. It lives here, not in catalog/, because those checks are stacks'; catalog/ imports
 * nothing above it.
 */
import {
  hasErrors,
  loadCatalog,
  sortDiagnostics,
  summarize,
  type Diagnostic,
  type Estate,
  type EstateSummary,
  type LoadOptions,
} from "../catalog/index.js";
import { checkNetwork } from "./network/index.js";
import { capacityProblems } from "./plan/index.js";

export interface Validation {
  /** The estate, when the catalog is valid (no error among the diagnostics). */
  readonly estate?: Estate;
  /** Every problem, errors and warnings, sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
  /** Counts and capacity use of a valid estate. */
  readonly summary?: EstateSummary;
}

/** Loads and validates a catalog folder. Never throws on bad input: problems come back as diagnostics. */
export async function validateCatalog(catalogDir: string, options: LoadOptions = {}): Promise<Validation> {
  const loaded = await loadCatalog(catalogDir, options);
  const networkProblems = loaded.estate ? checkNetwork(loaded.estate) : [];
  // The plan's reservations only of a catalog that is otherwise valid: a node whose own systems already
  // exceed it is reported once, by the loader's capacity check.
  const capacity = loaded.estate && !hasErrors(networkProblems) ? capacityProblems(loaded.estate) : [];
  const problems = [...networkProblems, ...capacity];
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...problems]);
  const estate = hasErrors(problems) ? undefined : loaded.estate;
  return estate ? { estate, diagnostics, summary: summarize(estate) } : { diagnostics };
}
