/**
 * The address plan of an estate from what a cache folder kept for the same inputs: a pull-request check
 * (`govcloud check --changed`) judges a few systems, and what it reads of the plan — the cloud nodes'
 * ranges and the backbone report — depends on the estate files alone (the province, its divisions, the
 * network, the cloud nodes and the IPAM ledger), which a change of requests leaves as they were.
 *
 * The cache keeps that little (`AddressPlanData`), under the hash of those inputs (`addressPlanKey`).
 * The restored plan has the same cloud ranges and backbone report; its division tree, allocation and
 * address table are worked out, in full and the usual way, the first time something asks for them. Only
 * a plan without diagnostics is kept (a diagnostic points into a file, and positions are not kept), and
 * data of the wrong shape is ignored, so the cache never changes a result, only the time it takes.
 */
import { createHash } from "node:crypto";
import type { Estate } from "../../catalog/index.js";
import { computeAddressPlan, rememberAddressPlan, type AddressPlan } from "./address-plan.js";
import { backbone, rememberBackbone, type BackboneReport } from "./backbone.js";
import { parsePlanes, type AddressTable, type Cidr } from "./prefix.js";
import type { CloudRanges, DualStack } from "./zones.js";

/** What a cache keeps of an address plan: the cloud nodes' ranges and the backbone report. */
export interface AddressPlanData {
  readonly clouds: readonly CloudRanges[];
  readonly backbone: BackboneReport;
}

/** Bumped whenever the address plan's algorithm, the backbone report's or the shape of AddressPlanData changes. */
const VERSION = "govcloud-address-plan/1";

/**
 * The key of everything an address plan and its backbone report are worked out from: the province, the
 * divisions, the network spec, the cloud nodes (id, tier, division) and the IPAM ledger, as JSON, hashed.
 * No request, offering or exception is an input.
 */
export function addressPlanKey(estate: Estate): string {
  const inputs = {
    v: VERSION,
    province: estate.estate.doc.spec.province,
    divisions: estate.divisions.doc.spec,
    network: estate.network.doc.spec,
    clouds: estate.clouds.map((c) => [c.doc.metadata.name, c.doc.spec.tier, c.doc.spec.division]),
    ledger: estate.ipamLedger?.doc.spec ?? null,
  };
  return createHash("sha256").update(JSON.stringify(inputs)).digest("base64url");
}

/** The data of a plan for a cache; undefined when the plan has diagnostics (they are not kept). */
export function addressPlanData(estate: Estate, plan: AddressPlan): AddressPlanData | undefined {
  if (plan.diagnostics.length > 0) return undefined;
  return { clouds: plan.clouds, backbone: backbone(estate, plan) };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
const isCidr = (v: unknown): v is Cidr =>
  isObject(v) && typeof v.addr === "bigint" && typeof v.len === "number" && Number.isInteger(v.len);
const isDualStack = (v: unknown): v is DualStack => isObject(v) && isCidr(v.ipv4) && isCidr(v.ipv6);
const isStacks = (v: unknown): boolean =>
  v instanceof Map && [...v].every(([k, s]) => typeof k === "string" && isDualStack(s));
const isStringList = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === "string");

/** Whether cached data has the shape of AddressPlanData (anything else is worked out again). */
function wellFormed(data: unknown): data is AddressPlanData {
  if (!isObject(data) || !Array.isArray(data.clouds) || !isObject(data.backbone)) return false;
  const cloudsOk = data.clouds.every(
    (c: unknown) =>
      isObject(c) &&
      typeof c.cloud === "string" &&
      typeof c.division === "string" &&
      isStacks(c.block) &&
      isStacks(c.gateway) &&
      isStacks(c.reverseProxy) &&
      c.zones instanceof Map &&
      [...c.zones].every(([z, s]) => typeof z === "string" && isStacks(s)),
  );
  if (!cloudsOk) return false;
  const { links, coverage } = data.backbone;
  const linksOk =
    Array.isArray(links) &&
    links.every(
      (l: unknown) =>
        isObject(l) &&
        typeof l.from === "string" &&
        typeof l.fromName === "string" &&
        typeof l.to === "string" &&
        typeof l.toName === "string" &&
        (l.level === "city" || l.level === "county") &&
        typeof l.bandwidthGbps === "number" &&
        typeof l.targetGbps === "number" &&
        typeof l.meetsTarget === "boolean" &&
        isStringList(l.ipv6Planes),
    );
  if (!linksOk || !isObject(coverage)) return false;
  return ["province", "city", "county", "township", "village"].every((level) => {
    const c = coverage[level];
    return (
      isObject(c) &&
      ["nodes", "addressed", "connected", "ipv6AllPlanes"].every((k) => typeof c[k] === "number") &&
      isObject(c.ipv6) &&
      Object.values(c.ipv6).every((n) => typeof n === "number") &&
      isStringList(c.unconnected) &&
      isStringList(c.ipv6Missing)
    );
  });
}

/**
 * The address plan of an estate from the data a cache kept under `addressPlanKey(estate)`, remembered
 * for the estate (every planner and rule of the run reads it through `addressPlan`); undefined, and
 * nothing remembered, when the data is missing or malformed or the network's planes no longer parse.
 */
export function restoreAddressPlan(estate: Estate, data: unknown): AddressPlan | undefined {
  if (!wellFormed(data)) return undefined;
  const net = estate.network;
  const { planes, diagnostics } = parsePlanes(net.doc.spec, (path) => net.locate(path));
  if (diagnostics.length > 0) return undefined;
  let full: AddressPlan | undefined;
  const whole = () => (full ??= computeAddressPlan(estate));
  const table: AddressTable = {
    planes,
    prefix: (allocation, plane, family) => whole().table.prefix(allocation, plane, family),
    all: (plane, family) => whole().table.all(plane, family),
  };
  const plan: AddressPlan = {
    network: net.doc.spec,
    get tree() {
      return whole().tree;
    },
    get ipam() {
      return whole().ipam;
    },
    table,
    clouds: data.clouds,
    cloudIndex: new Map(data.clouds.map((c) => [c.cloud, c])),
    diagnostics: [],
  };
  const remembered = rememberAddressPlan(estate, plan);
  if (remembered === plan) rememberBackbone(plan, data.backbone);
  return remembered;
}
