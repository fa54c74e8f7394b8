/** Small estates for the stacks tests: the tiny catalog, with extra documents, or generated at N times. */
import { assembleEstate, generateCatalog, type Estate } from "../../catalog/index.js";
import { tinyCatalog, toFiles, TODAY } from "../support/tiny-catalog.js";

/** A second system, graded MLPS 2, on the Datong city cloud (two zones, two services). */
export const PERMITS = {
  "requests/datong-approval/permits.yaml": `apiVersion: govcloud.io/v1alpha1
kind: SystemRequest
metadata:
  name: permits
spec:
  displayName: 大同市工程建设项目审批系统
  department: datong-approval
  cloud: city-140200
  mlpsLevel: 2
  dataLevel: general
  zones: [dedicated, public]
  platform: { cpu: hygon, os: uos }
  services:
    - name: app
      offering: vm
      params: { vcpu: 2, memoryGiB: 3, count: 3 }
    - name: worker
      offering: vm
      params: { vcpu: 1, memoryGiB: 1, count: 1 }
  dr: { level: 2 }
  owner: { name: 李强, email: liqiang@dt.gov.example }
`,
};

export function estateOf(texts: Record<string, string>): Estate {
  const r = assembleEstate("/catalog", toFiles(texts), { estate: "t", today: TODAY, changed: [] });
  if (!r.estate) throw new Error(`test estate does not load: ${JSON.stringify(r.diagnostics, null, 2)}`);
  return r.estate;
}

/** The tiny catalog plus the given documents (path -> text). */
export const tinyEstate = (extra: Record<string, string> = {}) => estateOf({ ...tinyCatalog(), ...extra });

/** The tiny catalog with PERMITS, generated at `scale` times its requests. */
export function generatedEstate(scale: number, seed = 7): Estate {
  const texts = { ...tinyCatalog(), ...PERMITS };
  const base = estateOf(texts);
  const files = generateCatalog(base, toFiles(texts), { scale, seed });
  const out: Record<string, string> = {};
  for (const [k, v] of files) out[k] = typeof v === "string" ? v : new TextDecoder().decode(v);
  return estateOf(out);
}
