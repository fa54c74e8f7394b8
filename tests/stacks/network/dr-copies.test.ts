import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../../catalog/index.js";
import { LABELS } from "../../../kube/index.js";
import { planEstate } from "../../../stacks/index.js";
import { addressPlan, formatCidr } from "../../../stacks/network/index.js";
import { ROOT } from "../../support/cli.js";

describe("DR copies in the Plan", () => {
  it("get the network's allow rules, with the ranges and exit of the node they run on", async () => {
    const { estate } = await loadCatalog(join(ROOT, "catalog"));
    const plan = planEstate(estate!);
    const copies = plan.nodes.flatMap((n) =>
      n.objects
        .filter((o) => o.kind === "Namespace" && o.metadata.labels?.[LABELS.drRole] !== undefined)
        .map((o) => ({ node: n.node, ns: o.metadata.name })),
    );
    expect(copies.length).toBeGreaterThan(10);
    const ranges = addressPlan(estate!);
    for (const { node, ns } of copies) {
      const objects = plan.nodes
        .find((n) => n.node === node)!
        .objects.filter((o) => o.kind === "NetworkPolicy" && o.metadata.namespace === ns);
      const names = objects.map((o) => o.metadata.name);
      expect(names, `${node}/${ns}`).toContain("allow-dns");
      expect(
        names.some((n) => n.startsWith("allow-zone-")),
        `${node}/${ns}`,
      ).toBe(true);
      const text = JSON.stringify(objects);
      const exit = formatCidr("ipv4", ranges.cloudIndex.get(node)!.gateway.get("data")!.ipv4);
      if (objects.some((o) => o.metadata.name === "allow-zone-internet-access"))
        expect(text, `${node}/${ns}`).toContain(exit);
    }
  });
});
