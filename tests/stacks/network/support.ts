/** Small estates and trees for the network tests. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { assembleEstate, type Estate } from "../../../catalog/index.js";
import type { DivisionNode, DivisionTree, NetworkSpec } from "../../../stacks/network/index.js";
import { ROOT } from "../../support/cli.js";
import { tinyCatalog, toFiles, TODAY } from "../../support/tiny-catalog.js";

/** The tiny estate's Network with zones, the baseline flow matrix, channels and every link (a rule fixture). */
export const NETWORK_YAML = readFileSync(join(ROOT, "policies/rules/network/fixtures/NET-ZONE-001/pass.yaml"), "utf8");

const request = (department: string, name: string, cloud: string, zones: string) => `apiVersion: govcloud.io/v1alpha1
kind: SystemRequest
metadata:
  name: ${name}
spec:
  displayName: ${department} ${name}
  department: ${department}
  cloud: ${cloud}
  mlpsLevel: 2
  dataLevel: general
  zones: ${zones}
  platform: { cpu: kunpeng, os: kylin }
  services:
    - name: app
      offering: vm
      params: { vcpu: 1, memoryGiB: 1, count: 1 }
  dr: { level: 1 }
  owner: { name: 张伟, email: zhangwei@example.gov.example }
`;

/**
 * The tiny catalog with the fixture network and systems in every zone: health/portal (public),
 * health/records and health/archive (dedicated), health/web (internet-access), health/hybrid
 * (public + internet-access), datong-approval/cases (dedicated) and /site (internet-access) and
 * /hall (public) on city-140200.
 */
export function networkCatalog(): Record<string, string> {
  const files = tinyCatalog();
  files["estates/t/network.yaml"] = NETWORK_YAML;
  files["estates/t/departments.yaml"] = files["estates/t/departments.yaml"]!;
  files["requests/health/records.yaml"] = request("health", "records", "province", "[dedicated]");
  files["requests/health/archive.yaml"] = request("health", "archive", "province", "[dedicated]");
  files["requests/health/web.yaml"] = request("health", "web", "province", "[internet-access]");
  files["requests/health/hybrid.yaml"] = request("health", "hybrid", "province", "[public, internet-access]");
  files["requests/datong-approval/cases.yaml"] = request("datong-approval", "cases", "city-140200", "[dedicated]");
  files["requests/datong-approval/site.yaml"] = request("datong-approval", "site", "city-140200", "[internet-access]");
  files["requests/datong-approval/hall.yaml"] = request("datong-approval", "hall", "city-140200", "[public]");
  return files;
}

export function load(files: Record<string, string>): Estate {
  const r = assembleEstate("/catalog", toFiles(files), { estate: "t", today: TODAY });
  if (!r.estate) throw new Error(r.diagnostics.map((d) => `${d.file}:${d.line} ${d.code} ${d.message}`).join("\n"));
  return r.estate;
}

/** Shanxi's network (planes, prefix lengths) for the allocator properties. */
export const SPEC: NetworkSpec = {
  planes: [
    { name: "data", description: "data", ipv4: "10.0.0.0/9", ipv6: "fd14:1400::/32" },
    { name: "video", description: "video", ipv4: "10.128.0.0/9", ipv6: "fd14:1401::/32" },
  ],
  prefixLengths: { ipv4: { city: 13, county: 18, township: 23, village: 28 }, ipv6: { city: 36, county: 41, township: 48, village: 56 } },
  backbone: [],
  cloudBlocks: { nodeBits: 4, zoneBits: 2 },
  zones: [
    { name: "public", displayName: "public", block: 0 },
    { name: "dedicated", displayName: "dedicated", block: 1 },
    { name: "internet-access", displayName: "internet access", block: 2 },
  ],
  internetExit: { gatewayHost: 1, reverseProxyHost: 2 },
};

/** A tree shape: cities by number (1-15), their counties by number, their townships by number with a village count. */
export type Shape = readonly { readonly city: number; readonly counties: readonly { readonly county: number; readonly townships: readonly { readonly township: number; readonly villages: number }[] }[] }[];

const pad = (n: number, w: number) => String(n).padStart(w, "0");

export function treeOf(shape: Shape): DivisionTree {
  const counts = { province: 1, city: 0, county: 0, township: 0, village: 0 };
  const cities = shape.map((c): DivisionNode => {
    const cityCode = `14${pad(c.city, 2)}00`;
    counts.city++;
    return {
      level: "city",
      code: cityCode,
      name: `city ${c.city}`,
      parent: "140000",
      children: c.counties.map((k): DivisionNode => {
        const countyCode = `14${pad(c.city, 2)}${pad(k.county, 2)}`;
        counts.county++;
        return {
          level: "county",
          code: countyCode,
          name: `county ${countyCode}`,
          parent: cityCode,
          children: k.townships.map((t): DivisionNode => {
            const code = countyCode + pad(t.township, 3);
            counts.township++;
            counts.village += t.villages;
            return {
              level: "township",
              code,
              name: `township ${code}`,
              parent: countyCode,
              children: Array.from({ length: t.villages }, (_, v) => ({ level: "village" as const, code: code + pad(v + 1, 3), name: `village ${v + 1}`, parent: code, children: [] })),
            };
          }),
        };
      }),
    };
  });
  return { root: { level: "province", code: "140000", name: "province", parent: undefined, children: cities }, counts };
}
