/**
 * A pull-request check plans only what it judges (planEstate's `systems`): the changed systems'
 * namespaces and DR copies. Its findings must be those of judging every planned object of the estate
 * with the same scope: nothing the scope keeps may depend on an object left unplanned.
 */
import { describe, expect, it } from "vitest";
import { checkChange, evaluate, rules, type ObjectInput } from "../../policies/index.js";
import { planEstate } from "../../stacks/index.js";
import { generatedEstate } from "../stacks/estates.js";

const TODAY = "2026-11-23";

describe("check --changed plans only the judged systems", () => {
  const estate = generatedEstate(3);
  const all: ObjectInput[] = planEstate(estate).nodes.flatMap((n) =>
    n.objects.map((object) => ({ object, node: n.node })),
  );

  it("and finds what judging the whole plan within the same scope finds, for every system", () => {
    expect(estate.requests.length).toBeGreaterThan(5);
    for (const r of estate.requests) {
      const key = `${r.doc.spec.department}/${r.doc.metadata.name}`;
      const scoped = checkChange({ today: TODAY, estate, changed: [r.source.file] });
      expect(scoped.systems).toEqual([key]);
      const whole = evaluate({ rules, estate, today: TODAY, objects: all, systems: new Set([key]) });
      expect(JSON.stringify(scoped.evaluation.findings), key).toBe(JSON.stringify(whole.findings));
    }
  }, 300_000);

  it("plans the system's own namespace and its DR copies, and nothing of other systems", () => {
    const r = estate.requests.find((x) => x.doc.spec.dr !== undefined) ?? estate.requests[0]!;
    const key = `${r.doc.spec.department}/${r.doc.metadata.name}`;
    const plan = planEstate(estate, { systems: new Set([key]) });
    const objects = plan.nodes.flatMap((n) => n.objects);
    expect(objects.length).toBeGreaterThan(0);
    for (const o of objects) {
      const labels = o.metadata.labels ?? {};
      expect(`${labels["govcloud.io/department"]}/${labels["govcloud.io/system"]}`).toBe(key);
    }
    const full = all.filter(
      (o) =>
        o.object.metadata.labels?.["govcloud.io/system"] === r.doc.metadata.name &&
        o.object.metadata.labels?.["govcloud.io/department"] === r.doc.spec.department,
    );
    expect(objects.length).toBe(full.length);
  }, 120_000);
});
