/**
 * The `validate` use case: a catalog loaded and checked against its schemas and cross-references
 * (catalog/), then against the network's own checks — address plan, IPAM ledger against the
 * divisions, flow matrix and channels (stacks/network) — and summarised. It lives here, not in
 * catalog/, because the network checks are stacks'; catalog/ imports nothing above it.
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
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...networkProblems]);
  const estate = hasErrors(networkProblems) ? undefined : loaded.estate;
  return estate ? { estate, diagnostics, summary: summarize(estate) } : { diagnostics };
}
