/**
 * The address plan restored from a cache (stacks/network/cached.ts) serves what a computed one serves,
 * its key moves with the estate files it derives from and not with requests, and data of the wrong
 * shape is never used. The address plan and the DR pairing are shared by an estate and its copy with
 * only the systems on the cloud (what planEstate plans), and not by copies whose inputs differ.
 */
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import { describe, expect, it } from "vitest";
import { loadCatalog, type Estate } from "../../../catalog/index.js";
import { drPlan } from "../../../stacks/dr/index.js";
import {
  addressPlan,
  addressPlanData,
  addressPlanKey,
  backbone,
  restoreAddressPlan,
} from "../../../stacks/network/index.js";
import { onCloudEstate } from "../../../stacks/plan/index.js";
import { ROOT } from "../../support/cli.js";
import { tinyCatalog, TODAY } from "../../support/tiny-catalog.js";
import { estateOf, PERMITS } from "../estates.js";

/** The tiny catalog with a second system, which with `inventoried` does not run on the cloud yet. */
function estate(options: { inventoried?: boolean; network?: (text: string) => string } = {}): Estate {
  const texts: Record<string, string> = { ...tinyCatalog(), ...PERMITS };
  if (options.inventoried)
    texts["requests/datong-approval/permits.yaml"] = texts["requests/datong-approval/permits.yaml"]!.replace(
      "dr: { level: 2 }",
      "dr: { level: 2 }\n  migration: { legacyLocation: 市机房, deadline: 2026-06-30, phase: inventoried }",
    );
  const net = Object.keys(texts).find((k) => k.endsWith("/network.yaml"))!;
  if (options.network) texts[net] = options.network(texts[net]!);
  return estateOf(texts);
}

/** The embedded estate (its cloud nodes have address blocks), loaded afresh: a new Estate each time. */
async function embedded(): Promise<Estate> {
  const loaded = await loadCatalog(join(ROOT, "catalog"), { today: TODAY });
  if (!loaded.estate) throw new Error("the embedded estate does not load");
  return loaded.estate;
}

/** Through the bytes, as the cache folder keeps it. */
const roundTrip = <T>(v: T): T => deserialize(serialize(v)) as T;

describe("the address plan from the cache", () => {
  it("serves the cloud ranges, backbone report and planes it kept, and works the rest out in full when asked", async () => {
    const first = await embedded();
    const computed = addressPlan(first);
    expect(computed.diagnostics).toEqual([]);
    const data = addressPlanData(first, computed);
    expect(data).toBeDefined();

    expect(data!.clouds.length).toBeGreaterThan(1);
    const again = await embedded();
    const restored = restoreAddressPlan(again, roundTrip(data));
    expect(restored).toBeDefined();
    expect(addressPlan(again)).toBe(restored); // what every planner and rule of the run reads
    expect(restored!.cloudIndex).toEqual(computed.cloudIndex);
    expect(restored!.clouds).toEqual(computed.clouds);
    expect(restored!.table.planes).toEqual(computed.table.planes);
    expect(restored!.network).toEqual(computed.network);
    expect(restored!.diagnostics).toEqual([]);
    expect(backbone(again, restored!)).toEqual(backbone(first, computed));
    // Not kept, worked out on first use: the same as computed.
    expect(restored!.tree).toEqual(computed.tree);
    expect(restored!.ipam).toEqual(computed.ipam);
    const plane = computed.table.planes[0]!.name;
    for (const f of ["ipv4", "ipv6"] as const) {
      expect(restored!.table.all(plane, f)).toEqual(computed.table.all(plane, f));
      expect(restored!.table.prefix(1, plane, f)).toEqual(computed.table.prefix(1, plane, f));
    }
  }, 60_000);

  it("is keyed by the estate files it derives from: a change of requests keeps the key, a change of the network does not", () => {
    const base = addressPlanKey(estate());
    expect(addressPlanKey(estate())).toBe(base);
    expect(addressPlanKey(estate({ inventoried: true }))).toBe(base);
    expect(addressPlanKey(estateOf(tinyCatalog()))).toBe(base); // one request fewer
    const changed = estate({
      network: (t) => {
        const out = t.replace(/bandwidthGbps: (\d+)/, (_, n: string) => `bandwidthGbps: ${Number(n) + 1}`);
        expect(out).not.toBe(t);
        return out;
      },
    });
    expect(addressPlanKey(changed)).not.toBe(base);
  });

  it("ignores data of the wrong shape: nothing is remembered and the plan is worked out as usual", async () => {
    const first = await embedded();
    const good = addressPlanData(first, addressPlan(first))!;
    const firstCloud = good.clouds[0]!;
    const [plane, stack] = [...firstCloud.block][0]!;
    const bad: unknown[] = [
      undefined,
      null,
      "address plan",
      {},
      { clouds: good.clouds },
      { backbone: good.backbone },
      { ...good, clouds: [{ ...firstCloud, block: { [plane]: stack } }] },
      { ...good, clouds: [{ ...firstCloud, block: new Map([[plane, { ...stack, ipv4: { addr: 1, len: 8 } }]]) }] },
      { ...good, backbone: { ...good.backbone, links: [{ from: "x" }] } },
      { ...good, backbone: { links: good.backbone.links, coverage: { ...good.backbone.coverage, county: null } } },
    ];
    const e = await embedded();
    for (const data of bad) expect(restoreAddressPlan(e, data)).toBeUndefined();
    const computed = addressPlan(e);
    expect(Object.getOwnPropertyDescriptor(computed, "tree")?.get).toBeUndefined(); // worked out, not restored
    expect(computed.clouds).toEqual(good.clouds);
    expect(backbone(e, computed)).toEqual(good.backbone);
  }, 60_000);

  it("keeps no data of a plan with diagnostics (their positions are not kept)", () => {
    const e = estate({ network: (t) => t.replace("ipv4: { city: 13,", "ipv4: { city: 40,") });
    const plan = addressPlan(e);
    expect(plan.diagnostics.length).toBeGreaterThan(0);
    expect(addressPlanData(e, plan)).toBeUndefined();
  });
});

describe("plans shared by an estate and its copy with the systems on the cloud", () => {
  it("shares the address plan and the DR pairing with the on-cloud copy; each keeps its own DR diagnostics", () => {
    const all = estate({ inventoried: true });
    const onCloud = onCloudEstate(all);
    expect(onCloud).not.toBe(all);
    expect(onCloud.requests.length).toBe(all.requests.length - 1);
    expect(addressPlan(onCloud)).toBe(addressPlan(all));
    expect(drPlan(onCloud).pairing).toBe(drPlan(all).pairing);
    // The same as worked out afresh for an estate of its own.
    const fresh = estate({ inventoried: true });
    expect(drPlan(onCloudEstate(fresh)).pairing).toEqual(drPlan(all).pairing);
    expect(drPlan(onCloud).diagnostics).toEqual(drPlan(onCloudEstate(fresh)).diagnostics);
  });

  it("does not share them with a copy whose inputs differ", () => {
    const all = estate();
    const fewer: Estate = { ...all, requests: all.requests.slice(1) };
    expect(drPlan(fewer).pairing).not.toBe(drPlan(all).pairing);
    expect(drPlan(fewer).pairing.pairs.map((p) => p.system)).toEqual(
      drPlan(all)
        .pairing.pairs.slice(1)
        .map((p) => p.system),
    );
    const otherClouds: Estate = { ...all, clouds: [...all.clouds] };
    expect(addressPlan(otherClouds)).not.toBe(addressPlan(all));
    expect(addressPlan(otherClouds).clouds).toEqual(addressPlan(all).clouds);
  });
});
