import { describe, expect, it } from "vitest";
import {
  addressPlan,
  backbone,
  checkFlows,
  checkLedger,
  checkNetwork,
  emptyLedger,
  ledgerYaml,
} from "../../../stacks/network/index.js";
import { load, networkCatalog, NETWORK_YAML } from "./support.js";

const withNetwork = (edit: (yaml: string) => string) => {
  const files = networkCatalog();
  files["estates/t/network.yaml"] = edit(NETWORK_YAML);
  return load(files);
};
const codes = (list: readonly { code: string; line: number }[]) => list.map((d) => [d.code, d.line]);
const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

describe("flow matrix and channel checks", () => {
  it("accept the baseline matrix", () => {
    expect(checkNetwork(load(networkCatalog()))).toEqual([]);
  });

  it("report a flow that crosses networks without a channel, at its line", () => {
    const edit = (y: string) =>
      y.replace(
        "{ from: internet-access, to: internet, allowed: true, conditions: [through-unified-exit], channel: internet-exit-out }",
        "{ from: internet-access, to: internet, allowed: true, conditions: [through-unified-exit] }",
      );
    const d = checkFlows(withNetwork(edit));
    expect(codes(d)).toEqual([
      ["flow-without-channel", lineOf(edit(NETWORK_YAML), "from: internet-access, to: internet,")],
    ]);
    expect(d[0]!.message).toBe(
      "the flow internet-access->internet crosses from the extranet to the internet without a declared exchange channel",
    );
  });

  it("report unknown channels, channels of the wrong direction and channels on flows that stay inside a network", () => {
    const edit = (y: string) =>
      y
        .replace("channel: internet-exit-out }", "channel: internet-exit-in }")
        .replace("channel: internet-exit-in }\n    - { from: public", "channel: exit-nowhere }\n    - { from: public")
        .replace(
          "{ from: public, to: public, allowed: true }",
          "{ from: public, to: public, allowed: true, channel: internet-exit-in }",
        );
    expect(
      checkFlows(withNetwork(edit))
        .map((d) => d.code)
        .sort(),
    ).toEqual(["flow-channel-direction", "flow-channel-unused", "ref-unknown-channel"]);
  });

  it("report duplicate pairs, and ports without their condition or the reverse", () => {
    const edit = (y: string) =>
      y
        .replace(
          "{ from: public, to: public, allowed: true }",
          "{ from: public, to: public, allowed: true }\n    - { from: public, to: public, allowed: false }",
        )
        .replace(
          "conditions: [declared-service-ports], ports: [{ port: 443, protocol: TCP }]",
          "conditions: [declared-service-ports]",
        )
        .replace(
          "{ from: dedicated, to: public, allowed: true }",
          "{ from: dedicated, to: public, allowed: true, ports: [{ port: 80, protocol: TCP }] }",
        );
    expect(
      checkFlows(withNetwork(edit))
        .map((d) => d.code)
        .sort(),
    ).toEqual(["flow-duplicate", "flow-ports-missing", "flow-ports-unused"]);
  });

  it("report channels that do not cross, and the intranet reached through an internet exit", () => {
    const edit = (y: string) =>
      y
        .replace("      to: intranet\n      kind: data-diode", "      to: intranet\n      kind: internet-exit")
        .replace("      from: internet\n      to: extranet", "      from: internet\n      to: internet");
    expect(
      checkFlows(withNetwork(edit))
        .map((d) => d.code)
        .sort(),
    ).toEqual(["channel-kind", "channel-kind", "channel-not-crossing", "flow-channel-direction"]);
  });

  it("report zones used by systems but not defined, duplicate zones and clashing blocks", () => {
    const edit = (y: string) =>
      y.replace(
        "    - { name: internet-access, displayName: 互联网接入区, block: 2 }\n",
        "    - { name: public, displayName: again, block: 0 }\n",
      );
    const estate = withNetwork(edit);
    const all = checkNetwork(estate)
      .map((d) => d.code)
      .sort();
    expect(all).toContain("duplicate-name");
    expect(all).toContain("zone-block-taken");
    expect(all.filter((c) => c === "ref-unknown-zone").length).toBeGreaterThanOrEqual(3); // web, hybrid, site + the flows
  });

  it("report exit host numbers outside the zone range", () => {
    const estate = withNetwork((y) =>
      y.replace(
        "internetExit: { gatewayHost: 1, reverseProxyHost: 2 }",
        "internetExit: { gatewayHost: 1, reverseProxyHost: 1000 }",
      ),
    );
    const d = checkNetwork(estate).filter((x) => x.code === "zone-host-range");
    expect(d.length).toBeGreaterThan(0);
    expect(d[0]!.message).toMatch(/host 1000 is outside a \/24 zone range \(ipv4, plane data: hosts 1-254\)/);
  });
});

describe("IPAM ledger drift", () => {
  const ledgerFile = (files: Record<string, string>) => {
    const estate = load(files);
    const plan = addressPlan(estate, { ledger: emptyLedger() });
    return ledgerYaml("t", plan.ipam.ledger, new Map(plan.ipam.allocations.map((a) => [a.code, a.name])));
  };

  it("is silent when the ledger matches the divisions and cloud nodes", () => {
    const files = networkCatalog();
    files["estates/t/ipam-ledger.yaml"] = ledgerFile(files);
    expect(checkNetwork(load(files))).toEqual([]);
  });

  it("reports nodes without a slot and slots of nodes that are gone, at the ledger", () => {
    const files = networkCatalog();
    files["estates/t/ipam-ledger.yaml"] = ledgerFile(files);
    files["estates/t/divisions.yaml"] = files["estates/t/divisions.yaml"]!.replace(
      '        - { code: "140213", name: 平城区, type: district, streets: 10, towns: 0, townships: 0 }',
      '        - { code: "140214", name: 云冈区, type: district, streets: 1, towns: 0, townships: 0 }',
    );
    files["estates/t/network.yaml"] = files["estates/t/network.yaml"]!.replace('to: "140213"', 'to: "140214"');
    const estate = load(files);
    const d = checkLedger(estate);
    expect(d.map((x) => [x.code, x.file])).toEqual([
      ["ipam-ledger-missing", "estates/t/ipam-ledger.yaml"],
      ["ipam-ledger-stale", "estates/t/ipam-ledger.yaml"],
    ]);
    expect(d[0]!.message).toBe(
      "the IPAM ledger has no slot for 19 nodes of the estate: 140214, 140214001, 140214001001, 140214001002, 140214001003, … (19 in all)",
    );
    expect(d[1]!.message).toMatch(
      /^the IPAM ledger holds slots for 181 nodes the estate no longer has: 140213, 140213001, /,
    );
    expect(d[0]!.hint).toContain("govcloud ipam --write-ledger");
  });

  it("reports an invalid slot at its line", () => {
    const files = networkCatalog();
    files["estates/t/ipam-ledger.yaml"] = ledgerFile(files).replace('"140200": 2', '"140200": 1');
    const d = checkNetwork(load(files)).filter((x) => x.code === "ipam-ledger-invalid-slot");
    expect(d.map((x) => [x.file, x.line])).toEqual([
      ["estates/t/ipam-ledger.yaml", lineOf(files["estates/t/ipam-ledger.yaml"]!, '"140200": 1')],
    ]);
  });
});

describe("backbone", () => {
  it("reports each link against its target and the coverage of every level", () => {
    const estate = withNetwork((y) =>
      y.replace(
        '{ from: "140000", to: "140200", bandwidthGbps: 10 }',
        '{ from: "140000", to: "140200", bandwidthGbps: 4, ipv6: [data] }',
      ),
    );
    const { links, coverage } = backbone(estate, addressPlan(estate));
    expect(links.filter((l) => !l.meetsTarget).map((l) => [l.to, l.bandwidthGbps, l.targetGbps])).toEqual([
      ["140200", 4, 10],
    ]);
    expect(coverage.city).toMatchObject({
      nodes: 2,
      connected: 2,
      ipv6: { data: 2, video: 1 },
      ipv6AllPlanes: 1,
      ipv6Missing: ["140200"],
    });
    // 平城区 and its 10 streets x 17 villages inherit the city's missing video IPv6
    expect(coverage.county).toMatchObject({ nodes: 2, connected: 2, ipv6: { data: 2, video: 1 } });
    expect(coverage.village).toMatchObject({ nodes: 20 * 17, connected: 340, ipv6: { data: 340, video: 170 } });
  });

  it("counts a county without a link as unconnected, with everything below it", () => {
    const estate = withNetwork((y) => y.replace('    - { from: "140200", to: "140213", bandwidthGbps: 1 }\n', ""));
    const { coverage } = backbone(estate, addressPlan(estate));
    expect(coverage.county.unconnected).toEqual(["140213"]);
    expect(coverage.township).toMatchObject({ nodes: 20, connected: 10 });
  });
});

describe("the IpamLedger document", () => {
  it("is optional, and its schema errors point at the line", async () => {
    const { assembleEstate } = await import("../../../catalog/index.js");
    const { toFiles, TODAY } = await import("../../support/tiny-catalog.js");
    const files = networkCatalog();
    expect(load(files).ipamLedger).toBeUndefined();
    files["estates/t/ipam-ledger.yaml"] = `apiVersion: govcloud.io/v1alpha1
kind: IpamLedger
metadata:
  name: t
spec:
  cities: { "140100": 1 }
  counties: {}
  townships: {}
  villages:
    "140105001": [1, 2, 3]
  clouds: {}
`;
    const r = assembleEstate("/catalog", toFiles(files), { estate: "t", today: TODAY });
    expect(r.estate).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.file, d.line, d.code])).toEqual([
      ["estates/t/ipam-ledger.yaml", 10, "schema-type"],
    ]);
  });
});
