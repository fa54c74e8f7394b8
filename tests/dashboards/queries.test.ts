/**
 * Every query of the mixin (rules, dashboards; reports add theirs to QUERY_SOURCES) names only defined
 * series: a govcloud_ metric of metrics/definitions, an external series of metrics/external.ts, or a
 * series recorded by a rule; label matchers name only labels those series carry.
 */
import { describe, expect, it } from "vitest";
import { allAlerts, allRecords, dashboardQueries, dashboards } from "../../dashboards/index.js";
import { queryProblems } from "../support/queries.js";

const QUERY_SOURCES: { where: string; expr: string }[] = [
  ...allRecords().map((r) => ({ where: `record ${r.record}`, expr: r.expr })),
  ...allAlerts().map((a) => ({ where: `alert ${a.alert}`, expr: a.expr })),
  ...dashboards().flatMap(dashboardQueries),
];

describe("queries name defined series only", () => {
  const recorded = new Set(allRecords().map((r) => r.record));

  it("rules and dashboards", () => {
    expect(QUERY_SOURCES.length).toBeGreaterThan(80);
    expect(QUERY_SOURCES.flatMap((q) => queryProblems(q.where, q.expr, recorded))).toEqual([]);
  });

  it("the check fails on an unknown metric, an unknown label and a nameless selector", () => {
    expect(queryProblems("q", 'sum(rate(govcloud_made_up_total{controller="x"}[5m]))', recorded)).toEqual([
      "q: govcloud_made_up_total is neither defined in metrics/definitions nor listed in metrics/external.ts",
    ]);
    expect(queryProblems("q", 'govcloud_workqueue_depth{system="x"}', recorded)).toEqual(["q: govcloud_workqueue_depth has no label system"]);
    expect(queryProblems("q", '{__name__=~"govcloud_.*"}', recorded)).toHaveLength(1);
    expect(queryProblems("q", 'histogram_quantile(0.9, sum by (le) (rate(govcloud_controller_reconcile_duration_seconds_bucket{le!=""}[5m])))', recorded)).toEqual([]);
  });
});
