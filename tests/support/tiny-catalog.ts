/**
 * A tiny valid catalog as text, for tests that break one thing and look for the exact diagnostic.
 * Line numbers in tests refer to these texts: keep them stable.
 */
import type { CatalogFile } from "../../catalog/index.js";

export const TODAY = "2026-11-23";

export function tinyCatalog(): Record<string, string> {
  return {
    "estates/t/estate.yaml": `apiVersion: govcloud.io/v1alpha1
kind: Estate
metadata:
  name: t
spec:
  displayName: Test estate
  province:
    code: "140000"
    name: 山西省
  policy:
    auditRetentionDays: 180
    autonomyTarget: 0.8
    approvedRegistries: [registry.gov.sx.example/]
`,
    "estates/t/clouds.yaml": `apiVersion: govcloud.io/v1alpha1
kind: CloudNode
metadata:
  name: province
spec:
  tier: provincial
  displayName: 山西省政务云
  division: "140000"
  sites:
    - { name: prov-a, displayName: Site A, city: "140100", capacityShare: 0.5, objectStorage: true }
    - { name: prov-b, displayName: Site B, city: "140100", capacityShare: 0.5 }
  capacity: { vcpu: 100, memoryGiB: 400, storageTiB: 10 }
  maxMlpsLevel: 3
  domesticShare: 0.6
  kube: { context: sx-province }
---
apiVersion: govcloud.io/v1alpha1
kind: CloudNode
metadata:
  name: city-140200
spec:
  tier: city
  displayName: 大同市政务云
  division: "140200"
  sites:
    - { name: dt-a, displayName: Datong A, city: "140200", capacityShare: 1, objectStorage: true }
  capacity: { vcpu: 50, memoryGiB: 200, storageTiB: 5 }
  maxMlpsLevel: 2
  domesticShare: 0.5
  kube: { context: sx-datong }
`,
    "estates/t/departments.yaml": `apiVersion: govcloud.io/v1alpha1
kind: Department
metadata:
  name: health
spec:
  displayName: 山西省卫生健康委员会
  level: provincial
  homeCloud: province
  contact: { name: 王敏, email: wangmin@wjw.shanxi.gov.example }
---
apiVersion: govcloud.io/v1alpha1
kind: Department
metadata:
  name: datong-approval
spec:
  displayName: 大同市行政审批服务管理局
  level: municipal
  city: "140200"
  homeCloud: city-140200
  sharedNamespace: true
  contact: { name: 李强, email: liqiang@dt.gov.example }
`,
    "estates/t/divisions.yaml": `apiVersion: govcloud.io/v1alpha1
kind: AdminDivisions
metadata:
  name: t
spec:
  villagesPerTownship: 17
  cities:
    - code: "140100"
      name: 太原市
      counties:
        - { code: "140105", name: 小店区, type: district, streets: 7, towns: 1, townships: 2 }
    - code: "140200"
      name: 大同市
      counties:
        - { code: "140213", name: 平城区, type: district, streets: 10, towns: 0, townships: 0 }
`,
    "estates/t/network.yaml": `apiVersion: govcloud.io/v1alpha1
kind: Network
metadata:
  name: extranet
spec:
  planes:
    - { name: data, description: data plane, ipv4: 10.0.0.0/9, ipv6: "fd14:1400::/32" }
  prefixLengths:
    ipv4: { city: 13, county: 18, township: 23, village: 28 }
    ipv6: { city: 36, county: 40, township: 48, village: 56 }
  backbone:
    - { from: "140000", to: "140100", bandwidthGbps: 10 }
    - { from: "140100", to: "140105", bandwidthGbps: 1 }
    - { from: "140000", to: "140200", bandwidthGbps: 10 }
    - { from: "140200", to: "140213", bandwidthGbps: 1 }
`,
    "offerings/vm.yaml": `apiVersion: govcloud.io/v1alpha1
kind: Offering
metadata:
  name: vm
spec:
  displayName: 云主机 VM
  category: compute
  description: General-purpose virtual machines.
  domestic: true
  maxMlpsLevel: 3
  cloudKinds: [provincial, city]
  parameters:
    type: object
    additionalProperties: false
    required: [vcpu, memoryGiB, count]
    properties:
      vcpu: { type: integer, minimum: 1, maximum: 64 }
      memoryGiB: { type: integer, minimum: 1, maximum: 512 }
      count: { type: integer, minimum: 1, maximum: 50 }
  quota:
    vcpu: { param: vcpu, times: count }
    memoryGiB: { param: memoryGiB, times: count }
    storageGiB: { param: count, factor: 100 }
`,
    "requests/health/portal.yaml": `apiVersion: govcloud.io/v1alpha1
kind: SystemRequest
metadata:
  name: portal
spec:
  displayName: 全民健康信息平台
  department: health
  cloud: province
  site: prov-a
  mlpsLevel: 3
  dataLevel: important
  zones: [public]
  platform: { cpu: kunpeng, os: kylin }
  services:
    - name: app
      offering: vm
      params: { vcpu: 8, memoryGiB: 32, count: 4 }
  dr: { level: 4 }
  owner: { name: 张伟, email: zhangwei@wjw.shanxi.gov.example }
`,
    "exceptions/portal-audit.yaml": `apiVersion: govcloud.io/v1alpha1
kind: PolicyException
metadata:
  name: portal-audit
spec:
  rule: MLPS2-AUD-001
  subject: { department: health, system: portal }
  justification: Central log store is being expanded; logs are kept 90 days until then.
  approver: { name: 赵安, email: zhaoan@sx.gov.example }
  approved: "2026-10-01"
  expires: "2027-03-31"
`,
  };
}

const AREA = (path: string): CatalogFile["area"] =>
  path.startsWith("estates/") ? "estate" : (path.split("/")[0] as CatalogFile["area"]);

export function toFiles(texts: Record<string, string | Uint8Array>): CatalogFile[] {
  return Object.entries(texts)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([path, t]) => ({ path, area: AREA(path), bytes: typeof t === "string" ? new TextEncoder().encode(t) : t }));
}
