/** One reload: read and validate the catalog, evaluate it as `govcloud check` does, render the estate families. */
import { performance } from "node:perf_hooks";
import { formatDiagnostic, loadCatalog } from "../../catalog/index.js";
import { checkEvaluation, estateFamilies, renderExposition, seriesCount } from "./state.js";

export interface ReloadRequest {
  readonly catalog: string;
  readonly estate: string;
  readonly today: string;
}

export type ReloadResult =
  | { readonly ok: true; readonly text: string; readonly series: number; readonly systems: number; readonly seconds: number; readonly renderSeconds: number }
  | { readonly ok: false; readonly diagnostics: readonly string[]; readonly seconds: number };

export async function reloadEstate(req: ReloadRequest): Promise<ReloadResult> {
  const t0 = performance.now();
  const loaded = await loadCatalog(req.catalog, { estate: req.estate, today: req.today });
  if (!loaded.estate) {
    const errors = loaded.diagnostics.filter((d) => d.severity === "error");
    return { ok: false, diagnostics: (errors.length ? errors : loaded.diagnostics).map(formatDiagnostic), seconds: (performance.now() - t0) / 1000 };
  }
  const evaluation = checkEvaluation(loaded.estate, req.today);
  const families = estateFamilies(loaded.estate, evaluation, req.today);
  const t1 = performance.now();
  const text = renderExposition(families);
  const t2 = performance.now();
  return { ok: true, text, series: seriesCount(families), systems: loaded.estate.requests.length, seconds: (t2 - t0) / 1000, renderSeconds: (t2 - t1) / 1000 };
}
