/**
 * Imports the administrative divisions of Shanxi from /work/shared/data/shanxi-divisions.csv (see
 * that folder's README: Ministry of Civil Affairs codes, end-2024; township counts from the National
 * Bureau of Statistics, 2023) and writes two generated catalog files:
 *
 * - catalog/estates/shanxi/divisions.yaml (kind AdminDivisions): cities with their counties;
 * - catalog/estates/shanxi/network.yaml (kind Network): the two planes of the e-gov extranet, the
 *   per-level prefix lengths (checked here against the largest fan-out of the hierarchy) and the
 *   backbone links province -> city and city -> county, with the known shortfalls listed in
 *   BACKBONE_EXCEPTIONS below.
 *
 * Usage: npx tsx scripts/import-divisions.ts [--csv FILE] [--out DIR]
 * The output is deterministic: the same CSV gives byte-identical files.
 */
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Document, isMap, isSeq, type YAMLMap } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..");

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? process.argv[i + 1] : undefined;
  return v ?? fallback;
}

const CSV = arg("--csv", "/work/shared/data/shanxi-divisions.csv");
const OUT = arg("--out", join(repo, "catalog", "estates", "shanxi"));

/** Average village-level units per township-level unit: 21,895 villages / 1,276 townships (2023). */
const VILLAGES_PER_TOWNSHIP = 17;

const API_VERSION = "govcloud.io/v1alpha1";

type CountyType = "district" | "county-city" | "county";

interface County {
  code: string;
  name: string;
  type: CountyType;
  streets: number;
  towns: number;
  townships: number;
}

interface City {
  code: string;
  name: string;
  counties: County[];
}

// --- CSV -----------------------------------------------------------------------------------------

function countyType(name: string): CountyType {
  if (name.endsWith("区")) return "district";
  if (name.endsWith("市")) return "county-city";
  if (name.endsWith("县")) return "county";
  throw new Error(`cannot tell the type of county-level division ${name}`);
}

function count(value: string | undefined, what: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`bad ${what}: ${JSON.stringify(value)}`);
  return n;
}

function readDivisions(file: string): { province: { code: string; name: string }; cities: City[] } {
  const lines = readFileSync(file, "utf8").split(/\r?\n/).filter((l) => l.trim() !== "");
  const header = lines.shift();
  if (header !== "level,code,name,parent,streets,towns,townships") throw new Error(`unexpected CSV header: ${header}`);
  let province: { code: string; name: string } | undefined;
  const cities = new Map<string, City>();
  const counties: { parent: string; county: County }[] = [];
  for (const line of lines) {
    const [level, code, name, parent, streets, towns, townships] = line.split(",");
    if (!code || !/^[1-8][0-9]{5}$/.test(code) || !name) throw new Error(`bad CSV line: ${line}`);
    if (level === "province") province = { code, name };
    else if (level === "city") cities.set(code, { code, name, counties: [] });
    else if (level === "county") {
      counties.push({
        parent: parent ?? "",
        county: {
          code,
          name,
          type: countyType(name),
          streets: count(streets, `streets of ${name}`),
          towns: count(towns, `towns of ${name}`),
          townships: count(townships, `townships of ${name}`),
        },
      });
    } else throw new Error(`unknown level ${level} in: ${line}`);
  }
  if (!province) throw new Error("the CSV has no province row");
  for (const { parent, county } of counties) {
    const city = cities.get(parent);
    if (!city) throw new Error(`county ${county.code} ${county.name} has unknown parent ${parent}`);
    city.counties.push(county);
  }
  const byCode = <T extends { code: string }>(a: T, b: T) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  const sorted = [...cities.values()].sort(byCode);
  for (const c of sorted) c.counties.sort(byCode);
  return { province, cities: sorted };
}

// --- address plan --------------------------------------------------------------------------------

/**
 * Planes of the extranet (一网双平面). RFC 1918 has one /8 only, and the prefix lengths per level
 * are shared by all planes, so the two planes split 10.0.0.0/8 into two /9s. IPv6 prefixes are
 * unique-local placeholders: operators replace them with the province's allocated prefixes.
 */
const PLANES = [
  { name: "data", description: "数据平面 data plane: e-government business and data-exchange traffic", ipv4: "10.0.0.0/9", ipv6: "fd14:1400::/32" },
  { name: "video", description: "视频平面 video plane: video conferencing, video surveillance and emergency video traffic", ipv4: "10.128.0.0/9", ipv6: "fd14:1401::/32" },
] as const;

const PREFIX_LENGTHS = {
  ipv4: { city: 13, county: 18, township: 23, village: 28 },
  ipv6: { city: 36, county: 41, township: 48, village: 56 },
} as const;

/** Checks that every level's children fit into its block; returns the arithmetic as comment lines. */
function checkAddressPlan(cities: City[]): string[] {
  const maxCounties = Math.max(...cities.map((c) => c.counties.length));
  const maxTownships = Math.max(...cities.flatMap((c) => c.counties.map((k) => k.streets + k.towns + k.townships)));
  const need = { city: cities.length, county: maxCounties, township: maxTownships, village: VILLAGES_PER_TOWNSHIP };
  const lines: string[] = [];
  for (const family of ["ipv4", "ipv6"] as const) {
    const supernet = Number(PLANES[0].ipv4.split("/")[1]);
    const top = family === "ipv4" ? supernet : Number(PLANES[0].ipv6.split("/")[1]);
    const l = PREFIX_LENGTHS[family];
    const steps = [
      ["city", top, l.city],
      ["county", l.city, l.county],
      ["township", l.county, l.township],
      ["village", l.township, l.village],
    ] as const;
    const parts: string[] = [];
    for (const [level, parent, child] of steps) {
      const slots = 2 ** (child - parent);
      if (slots < need[level]) throw new Error(`${family}: a /${parent} holds ${slots} ${level} blocks of /${child}, but ${need[level]} are needed`);
      parts.push(`${level} /${child}: ${slots} slots for max ${need[level]}`);
    }
    const hostBits = (family === "ipv4" ? 32 : 128) - l.village;
    parts.push(family === "ipv4" ? `village block ${2 ** hostBits} addresses (${2 ** hostBits - 2} hosts)` : `village block ${2 ** (64 - l.village)} /64 subnets`);
    lines.push(`${family} (plane /${top}): ${parts.join("; ")}`);
  }
  return lines;
}

// --- zones, flows and channels --------------------------------------------------------------------

/** The three zones of the extranet (domain.md §3) and their block inside a cloud node's block. */
const ZONES = [
  { name: "public", displayName: "公用网络区 public network zone: cross-department interconnection and shared services", block: 0 },
  { name: "dedicated", displayName: "专用网络区 dedicated zone: per-department VPNs, isolated from one another", block: 1 },
  { name: "internet-access", displayName: "互联网接入区 internet access zone: public-facing services and staff internet access", block: 2 },
] as const;

/** A division's local block holds 16 cloud-node blocks; a node block 4 zone blocks (the 4th is spare). */
const CLOUD_BLOCKS = { nodeBits: 4, zoneBits: 2 };
/** Host numbers of the unified internet exit and the reverse proxy in a node's internet-access range. */
const INTERNET_EXIT = { gatewayHost: 1, reverseProxyHost: 2 };

/**
 * The flow matrix (domain.md §3, a convention derived from the zone purposes). Every pair with a zone
 * as source is listed, allowed or not, so that reviewers see the whole matrix; unlisted pairs are denied.
 */
const FLOWS = [
  { from: "public", to: "public", allowed: true, reason: "cross-department interconnection and shared services" },
  { from: "public", to: "dedicated", allowed: true, conditions: ["declared-service-ports"], ports: [{ port: 443, protocol: "TCP" }], reason: "shared services call into a department's dedicated zone only on its declared service ports" },
  { from: "public", to: "internet-access", allowed: false, reason: "public-zone systems do not call into the internet access zone" },
  { from: "public", to: "internet", allowed: false, reason: "internet access is reached only from the internet access zone, through the unified exit" },
  { from: "public", to: "intranet", allowed: false, reason: "the classified intranet is physically isolated: no route, ever" },
  { from: "dedicated", to: "dedicated", allowed: true, conditions: ["same-department"], reason: "a department's VPN is isolated from every other department's" },
  { from: "dedicated", to: "public", allowed: true, reason: "departments use the shared services of the public zone" },
  { from: "dedicated", to: "internet-access", allowed: false, reason: "dedicated-zone systems do not call into the internet access zone" },
  { from: "dedicated", to: "internet", allowed: false, reason: "internet access is reached only from the internet access zone, through the unified exit" },
  { from: "dedicated", to: "intranet", allowed: false, reason: "the classified intranet is physically isolated: no route, ever" },
  { from: "internet-access", to: "internet-access", allowed: false, reason: "internet-facing systems do not reach one another: no lateral movement" },
  { from: "internet-access", to: "public", allowed: true, conditions: ["through-reverse-proxy"], reason: "internet-facing front ends reach public-zone back ends only through the reverse proxy" },
  { from: "internet-access", to: "dedicated", allowed: true, conditions: ["through-reverse-proxy"], reason: "internet-facing front ends reach dedicated-zone back ends only through the reverse proxy" },
  { from: "internet-access", to: "internet", allowed: true, conditions: ["through-unified-exit"], channel: "internet-exit-out", reason: "staff and services reach the internet only through the node's unified exit" },
  { from: "internet-access", to: "intranet", allowed: false, reason: "the classified intranet is physically isolated: no route, ever" },
  { from: "internet", to: "internet-access", allowed: true, conditions: ["through-unified-exit"], channel: "internet-exit-in", reason: "the public reaches internet-facing services only through the unified exit" },
  { from: "internet", to: "public", allowed: false, reason: "the internet never reaches the public zone directly" },
  { from: "internet", to: "dedicated", allowed: false, reason: "the internet never reaches a dedicated zone" },
  { from: "internet", to: "intranet", allowed: false, reason: "the classified intranet is physically isolated: no route, ever" },
] as const;

/** The declared one-way channels between networks (seed 002 §4; seed 000 #6 for the unified exit). */
const CHANNELS = [
  {
    name: "internet-exit-out",
    displayName: "统一互联网出口 (出向) unified internet exit, outbound",
    from: "extranet",
    to: "internet",
    kind: "internet-exit",
    gateway: "省电子政务外网统一互联网出口 firewall and NAT cluster of each cloud node's internet access zone",
    approval: { approver: "省委网信办 Shanxi Cyberspace Affairs Commission", reference: "示例-晋网信-2024-21", approved: "2024-06-30" },
  },
  {
    name: "internet-exit-in",
    displayName: "统一互联网出口 (入向) unified internet exit, inbound",
    from: "internet",
    to: "extranet",
    kind: "internet-exit",
    gateway: "省电子政务外网统一互联网出口 firewall and WAF in front of each cloud node's internet access zone",
    approval: { approver: "省委网信办 Shanxi Cyberspace Affairs Commission", reference: "示例-晋网信-2024-21", approved: "2024-06-30" },
  },
  {
    name: "intranet-import",
    displayName: "单向导入通道 one-way import into the e-government intranet",
    from: "extranet",
    to: "intranet",
    kind: "data-diode",
    gateway: "省政务数据交换平台 unidirectional transfer gateway (data diode), extranet side",
    approval: { approver: "省国家保密局 Shanxi State Secrets Protection Bureau", reference: "示例-晋保发-2025-08", approved: "2025-03-15", expires: "2028-03-14" },
  },
  {
    name: "intranet-export",
    displayName: "单向导出通道 one-way export of non-classified data to the extranet",
    from: "intranet",
    to: "extranet",
    kind: "exchange-gateway",
    gateway: "省政务数据交换平台 one-way export gateway with content inspection, intranet side",
    approval: { approver: "省国家保密局 Shanxi State Secrets Protection Bureau", reference: "示例-晋保发-2025-08", approved: "2025-03-15", expires: "2028-03-14" },
  },
] as const;

// --- backbone ------------------------------------------------------------------------------------

/** Target bandwidth of the backbone (seed 002 §4): province <-> city 10 Gbit/s, city <-> county 1 Gbit/s. */
const CITY_LINK_GBPS = 10;
const COUNTY_LINK_GBPS = 1;

/**
 * Known shortfalls of the backbone, kept explicit and stable: reports and tests look for exactly
 * these. Key: the child division code of the link.
 */
const BACKBONE_EXCEPTIONS: Readonly<Record<string, { bandwidthGbps?: number; ipv6?: string[]; note: string }>> = {
  "141100": { bandwidthGbps: 4, note: "吕梁市 city uplink still on the 4 Gbit/s circuit (upgrade to 10G pending)" },
  "140930": { bandwidthGbps: 0.5, note: "忻州市河曲县 county link still 500 Mbit/s" },
  "141030": { bandwidthGbps: 0.5, note: "临汾市大宁县 county link still 500 Mbit/s" },
  "140222": { ipv6: ["data"], note: "大同市天镇县: video plane not yet IPv6-enabled" },
  "141126": { ipv6: ["data"], note: "吕梁市石楼县: video plane not yet IPv6-enabled" },
};

interface Link {
  from: string;
  to: string;
  bandwidthGbps: number;
  ipv6?: string[];
}

function backbone(provinceCode: string, cities: City[]): Link[] {
  const known = new Set(cities.flatMap((c) => [c.code, ...c.counties.map((k) => k.code)]));
  for (const code of Object.keys(BACKBONE_EXCEPTIONS)) {
    if (!known.has(code)) throw new Error(`BACKBONE_EXCEPTIONS names ${code}, which is not a city or county of the CSV`);
  }
  const link = (from: string, to: string, gbps: number): Link => {
    const x = BACKBONE_EXCEPTIONS[to];
    const l: Link = { from, to, bandwidthGbps: x?.bandwidthGbps ?? gbps };
    if (x?.ipv6) l.ipv6 = [...x.ipv6];
    return l;
  };
  return [
    ...cities.map((c) => link(provinceCode, c.code, CITY_LINK_GBPS)),
    ...cities.flatMap((c) => c.counties.map((k) => link(c.code, k.code, COUNTY_LINK_GBPS))),
  ];
}

// --- output --------------------------------------------------------------------------------------

const GENERATED = [
  " GENERATED by scripts/import-divisions.ts from /work/shared/data/shanxi-divisions.csv — do not edit by hand;",
  " change the CSV or the script and run: npx tsx scripts/import-divisions.ts",
];

function flowItems(doc: Document, path: (string | number)[]): void {
  const seq = doc.getIn(path, true);
  if (!isSeq(seq)) throw new Error(`no sequence at ${path.join(".")}`);
  for (const item of seq.items) if (isMap(item)) (item as YAMLMap).flow = true;
}

function write(file: string, doc: Document): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, doc.toString({ lineWidth: 0, flowCollectionPadding: true }));
  console.log(`wrote ${file}`);
}

function main(): void {
  const { province, cities } = readDivisions(CSV);
  const nCounties = cities.reduce((a, c) => a + c.counties.length, 0);
  const nTownships = cities.reduce((a, c) => a + c.counties.reduce((b, k) => b + k.streets + k.towns + k.townships, 0), 0);
  const types = { district: 0, "county-city": 0, county: 0 };
  for (const c of cities) for (const k of c.counties) types[k.type]++;

  const divisions = new Document({
    apiVersion: API_VERSION,
    kind: "AdminDivisions",
    metadata: { name: "shanxi" },
    spec: {
      villagesPerTownship: VILLAGES_PER_TOWNSHIP,
      cities: cities.map((c) => ({ code: c.code, name: c.name, counties: c.counties })),
    },
  });
  divisions.commentBefore = [
    ...GENERATED,
    ` ${province.name} ${province.code}: ${cities.length} cities, ${nCounties} county-level divisions (${types.district} districts,`,
    ` ${types["county-city"]} county-level cities, ${types.county} counties), ${nTownships} township-level units (streets + towns + townships).`,
    ` Villages are not broken down by township: ${VILLAGES_PER_TOWNSHIP} per township is the 2023 average (21,895 / 1,276).`,
  ].join("\n");
  cities.forEach((_, ci) => flowItems(divisions, ["spec", "cities", ci, "counties"]));
  write(join(OUT, "divisions.yaml"), divisions);

  const arithmetic = checkAddressPlan(cities);
  const links = backbone(province.code, cities);
  const network = new Document({
    apiVersion: API_VERSION,
    kind: "Network",
    metadata: { name: "shanxi-extranet" },
    spec: {
      planes: PLANES.map((p) => ({ ...p })),
      prefixLengths: PREFIX_LENGTHS,
      backbone: links,
      zones: ZONES.map((z) => ({ ...z })),
      cloudBlocks: CLOUD_BLOCKS,
      internetExit: INTERNET_EXIT,
      flows: FLOWS.map((f) => ({ ...f })),
      channels: CHANNELS.map((c) => ({ ...c, approval: { ...c.approval } })),
    },
  });
  network.commentBefore = [
    ...GENERATED,
    " 山西省电子政务外网 (e-government extranet), 一网双平面: a data plane and a video plane, each dual-stack.",
    "",
    " Address plan arithmetic (checked by the script; fan-out of the CSV: 11 cities, at most 17 counties in a city",
    " (临汾市), at most 27 township-level units in a county, 17 villages per township on average):",
    ...arithmetic.map((l) => `   ${l}`),
    " A village needs 19 bits of fan-out above it (4 city + 5 county + 5 township + 5 village); a /27 village would",
    " need a /8 per plane, but RFC 1918 has a single /8 and both planes share the prefix lengths, so each plane gets",
    " a /9 and a village a /28 (14 hosts: its access router and a handful of terminals).",
    " IPv6: the /36-/40-/48-/56 convention gives a city 16 county blocks, fewer than 临汾市's 17 counties, so a",
    " county gets a /41 (32 per city). The fd14:14xx::/32 ULA prefixes are placeholders: operators replace them",
    " with the province's allocated prefixes.",
    "",
    " Zones and flows (domain.md §3): the flow matrix below is data; the network planner turns it into NetworkPolicies.",
    " A cloud node's ranges derive from the address plan: slot 0 of its division's block is the division's own block,",
    ` holding ${2 ** CLOUD_BLOCKS.nodeBits} cloud-node blocks (ledger: ipam-ledger.yaml) of ${2 ** CLOUD_BLOCKS.zoneBits} zone blocks each; the unified exit is host ${INTERNET_EXIT.gatewayHost}`,
    ` and the reverse proxy host ${INTERNET_EXIT.reverseProxyHost} of the node's internet-access range.`,
    "",
    ` Backbone: province -> city ${CITY_LINK_GBPS} Gbit/s, city -> county ${COUNTY_LINK_GBPS} Gbit/s (seed 002), except the known shortfalls:`,
    ...Object.entries(BACKBONE_EXCEPTIONS)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([code, x]) => `   ${code}: ${x.bandwidthGbps !== undefined ? `${x.bandwidthGbps} Gbit/s` : `IPv6 only on ${x.ipv6?.join(", ")}`} — ${x.note}`),
  ].join("\n");
  flowItems(network, ["spec", "backbone"]);
  flowItems(network, ["spec", "zones"]);
  flowItems(network, ["spec", "flows"]);
  write(join(OUT, "network.yaml"), network);
}

main();
