/**
 * The tiny test catalog made DR-capable: Datong's cloud graded at MLPS level 3 (so it may stand by for
 * the provincial cloud's level 3 systems), a level 6 one-stop platform on the provincial cloud and a
 * level 1 Datong system. Everything else is tests/support/tiny-catalog.ts as it is.
 */
import { assembleEstate, type Estate } from "../../../catalog/index.js";
import { tinyCatalog, toFiles, TODAY } from "../../support/tiny-catalog.js";

export function drCatalog(): Record<string, string> {
  const files = tinyCatalog();
  files["estates/t/clouds.yaml"] = files["estates/t/clouds.yaml"]!.replace("maxMlpsLevel: 2", "maxMlpsLevel: 3");
  files["requests/health/one-stop.yaml"] = files["requests/health/portal.yaml"]!.replace(
    "name: portal",
    "name: one-stop",
  )
    .replace("displayName: 全民健康信息平台", "displayName: 一网通办 one-stop service platform")
    .replace("  site: prov-a\n", "")
    .replace("{ vcpu: 8, memoryGiB: 32, count: 4 }", "{ vcpu: 4, memoryGiB: 16, count: 2 }")
    .replace("dr: { level: 4 }", "dr: { level: 6, rpoMinutes: 0, rtoMinutes: 15 }");
  files["requests/datong-approval/queue.yaml"] = files["requests/health/portal.yaml"]!.replace(
    "name: portal",
    "name: queue",
  )
    .replace("department: health", "department: datong-approval")
    .replace("cloud: province", "cloud: city-140200")
    .replace("site: prov-a", "site: dt-a")
    .replace("mlpsLevel: 3", "mlpsLevel: 2")
    .replace("dataLevel: important", "dataLevel: general")
    .replace("{ vcpu: 8, memoryGiB: 32, count: 4 }", "{ vcpu: 2, memoryGiB: 4, count: 1 }")
    .replace("dr: { level: 4 }", "dr: { level: 1 }");
  return files;
}

export function drEstate(files: Record<string, string> = drCatalog()): Estate {
  const r = assembleEstate("/catalog", toFiles(files), { estate: "t", today: TODAY });
  if (!r.estate) throw new Error(r.diagnostics.map((d) => `${d.file}:${d.line} ${d.code} ${d.message}`).join("\n"));
  return r.estate;
}
