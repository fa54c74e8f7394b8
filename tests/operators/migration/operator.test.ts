/**
 * The migration operator against the test API server on a fake clock, with traffic measured by a real
 * Prometheus scraping an ingress controller's request counter: every phase from evidence and none without
 * it, regression, deadlines crossed at their timer, budget holds that list, release and lift, exempt
 * systems never held, Prometheus absent or down.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resourceFor } from "../../../operators/runtime/index.js";
import { freePort, prometheusSupport, startPrometheus, type RunningPrometheus } from "../../support/prometheus.js";
import {
  advance,
  condition,
  events,
  hold,
  idle,
  ingress,
  instance,
  markReady,
  namespace,
  quiet,
  sm,
  startIngressController,
  startOperator,
  systemMigration,
  type IngressController,
  type Operator,
} from "./harness.js";
import { waitFor } from "../../support/wait.js";

const prom = prometheusSupport();
const WINDOW = "10s";
const TEN_MIN = 10 * 60_000;

let ingressController: IngressController;
let prometheus: RunningPrometheus;
let op: Operator | undefined;

beforeAll(async () => {
  if (!prom.available) return;
  ingressController = await startIngressController();
  // Another namespace's series: the ingress controller is reporting, so a namespace without a series served nothing.
  ingressController.touch("portal-web", "portal.gov.example");
  prometheus = await startPrometheus({
    scrape: [{ job: "ingress-nginx", targets: [ingressController.address] }],
    scrapeInterval: "1s",
  });
  await prometheus.waitFor("count(nginx_ingress_controller_requests)");
}, 120_000);

afterAll(async () => {
  await prometheus?.stop();
  await ingressController?.stop();
});

afterEach(async () => {
  await op?.stop();
  op = undefined;
});

/** Waits until Prometheus sees requests (or none) for a namespace over the window. */
const trafficSeen = (ns: string) =>
  prometheus.waitFor(`sum(increase(nginx_ingress_controller_requests{namespace="${ns}"}[${WINDOW}])) > 0`);

const patchSpec = (o: Operator, name: string, spec: Record<string, unknown>) =>
  o.client.mergePatch(resourceFor("SystemMigration"), name, undefined, { spec });

/** Waits for an Event of `reason` on `name` (recorded just after the status write) and returns it. */
const eventSeen = (o: Operator, name: string, reason: string) =>
  waitFor(`Event ${reason} on ${name}`, () => events(o.api, name).find((e) => e.reason === reason));

const phaseOf = (o: Operator, name: string) => sm(o.api, name)?.status?.phase as string | undefined;
const phaseIs = (o: Operator, name: string, phase: string) =>
  waitFor(
    () => `${name} ${phase} (is ${phaseOf(o, name)}: ${JSON.stringify(sm(o.api, name)?.status?.conditions)})`,
    () => phaseOf(o, name) === phase,
  );

prom.describe("migration operator: phases from evidence", () => {
  it("moves a system through every phase of the line only on evidence, and back when its instances go", async () => {
    op = await startOperator("2026-06-01T00:00:00Z", {
      prometheusUrl: prometheus.url,
      trafficWindow: WINDOW,
      trafficResyncMs: TEN_MIN,
    });
    const name = "changzhi-approval-one-window";
    const ns = name;
    // Declared cut over, but nothing in the cluster yet: the paper phase only.
    op.api.load([
      systemMigration({
        department: "changzhi-approval",
        system: "one-window",
        deadline: "2027-03-31",
        declared: { phase: "cutover", inventoried: "2025-04-01", assessed: "2025-06-01", cutover: "2026-05-01" },
      }),
    ]);
    await phaseIs(op, name, "assessed");
    let o = sm(op.api, name);
    expect(condition(o, "CloudProvisioned")).toMatchObject({ status: "False", reason: "NamespaceMissing" });
    expect(condition(o, "DeclarationMatches")).toMatchObject({ status: "False", reason: "DeclaredAhead" });
    expect(condition(o, "DeclarationMatches")!.message).toContain(`namespace ${ns} does not exist`);
    await eventSeen(op, name, "Assessed");

    // The namespace alone is not migrating.
    op.api.load([namespace(ns)]);
    await waitFor(
      "NoServiceInstances",
      () => condition(sm(op!.api, name), "CloudProvisioned")?.reason === "NoServiceInstances",
    );
    expect(phaseOf(op, name)).toBe("assessed");

    // Namespace and a ServiceInstance: migrating, with the evidence in the Event and the condition.
    op.api.load([instance(ns, "db")]);
    await phaseIs(op, name, "migrating");
    o = sm(op.api, name);
    expect(condition(o, "CloudProvisioned")).toMatchObject({ status: "True", reason: "InstancesExist" });
    expect(condition(o, "CutOver")).toMatchObject({ status: "False", reason: "InstancesNotReady" });
    expect((await eventSeen(op, name, "Migrating")).message).toBe(
      `assessed → migrating: namespace ${ns} holds 1 ServiceInstance: db`,
    );

    // Ready, but no Ingress; then an Ingress without traffic: still migrating.
    await markReady(op.client, ns, "db");
    await waitFor("NoIngress", () => condition(sm(op!.api, name), "CutOver")?.reason === "NoIngress");
    op.api.load([ingress(ns)]);
    await waitFor("NoTraffic", () => condition(sm(op!.api, name), "CutOver")?.reason === "NoTraffic");
    expect(phaseOf(op, name)).toBe("migrating");
    expect(condition(sm(op.api, name), "TrafficEvidence")).toMatchObject({ status: "True", reason: "Measured" });

    // Traffic on the Ingress, measured at the next re-measure: cutover.
    ingressController.busy.add(ns);
    await trafficSeen(ns);
    await advance(op, TEN_MIN);
    await phaseIs(op, name, "cutover");
    o = sm(op.api, name);
    expect(condition(o, "CutOver")).toMatchObject({ status: "True", reason: "ServingTraffic" });
    expect(o!.status.evidence.cloudRequests).toBeGreaterThan(0);
    expect(condition(o, "DeclarationMatches")).toMatchObject({ status: "True" });
    expect(condition(o, "MigrationCompleted")).toMatchObject({ status: "False", reason: "CompletionNotDeclared" });
    expect((await eventSeen(op, name, "CutOver")).message).toMatch(
      /^migrating → cutover: all 1 ServiceInstance Ready; Ingress web served \d+ requests/,
    );

    // The department's acceptance (a declaration) on top of the cut-over evidence: migrated.
    await patchSpec(op, name, { declared: { phase: "migrated", completed: "2026-05-30" } });
    await phaseIs(op, name, "migrated");
    expect(condition(sm(op.api, name), "LegacyDecommissioned")).toMatchObject({ reason: "SwitchOffNotDeclared" });

    // Switch-off declared, but the legacy host still answers: not decommissioned.
    ingressController.busyHosts.add("old-window.changzhi.gov.example");
    await prometheus.waitFor(
      `sum(increase(nginx_ingress_controller_requests{host="old-window.changzhi.gov.example"}[${WINDOW}])) > 0`,
    );
    await patchSpec(op, name, {
      legacyHosts: ["old-window.changzhi.gov.example"],
      declared: { phase: "decommissioned", legacySwitchedOff: "2026-05-31" },
    });
    await waitFor(
      "LegacyTraffic",
      () => condition(sm(op!.api, name), "LegacyDecommissioned")?.reason === "LegacyTraffic",
    );
    expect(phaseOf(op, name)).toBe("migrated");
    expect(condition(sm(op.api, name), "DeclarationMatches")).toMatchObject({
      status: "False",
      reason: "DeclaredAhead",
    });

    // The legacy host goes quiet: decommissioned at the next measure.
    ingressController.busyHosts.delete("old-window.changzhi.gov.example");
    await prometheus.waitFor(
      `sum(increase(nginx_ingress_controller_requests{host="old-window.changzhi.gov.example"}[${WINDOW}])) == 0`,
      undefined,
      60_000,
    );
    await advance(op, TEN_MIN);
    await phaseIs(op, name, "decommissioned");
    expect(condition(sm(op.api, name), "LegacyDecommissioned")).toMatchObject({
      status: "True",
      reason: "LegacySilent",
    });

    // Regression: the instance deleted. Back to the paper phase, and the Event says why.
    await op.client.delete(resourceFor("ServiceInstance"), "db", ns);
    await phaseIs(op, name, "assessed");
    const regressed = await eventSeen(op, name, "Regressed");
    expect(regressed).toMatchObject({ type: "Warning" });
    expect(regressed.message).toBe(`decommissioned → assessed: namespace ${ns} exists but holds no ServiceInstance`);
    expect(condition(sm(op.api, name), "CloudProvisioned")).toMatchObject({
      status: "False",
      reason: "NoServiceInstances",
    });
    ingressController.busy.delete(ns);
  }, 300_000);

  it("without Prometheus: traffic evidence unknown, the system stops at migrating and says so", async () => {
    op = await startOperator("2026-06-01T00:00:00Z");
    const name = "changzhi-hrss-social-insurance";
    op.api.load([
      systemMigration({
        department: "changzhi-hrss",
        system: "social-insurance",
        deadline: "2027-06-30",
        declared: { phase: "migrated", assessed: "2026-01-10", cutover: "2026-04-01", completed: "2026-05-01" },
      }),
      namespace(name),
      instance(name, "api"),
      ingress(name),
    ]);
    await markReady(op.client, name, "api");
    await waitFor("CutOver Unknown", () => condition(sm(op!.api, name), "CutOver")?.status === "Unknown");
    const o = sm(op.api, name);
    expect(o!.status.phase).toBe("migrating");
    expect(condition(o, "TrafficEvidence")).toMatchObject({ status: "Unknown", reason: "PrometheusNotConfigured" });
    expect(condition(o, "CutOver")!.message).toContain(
      "traffic on the Ingresses of changzhi-hrss-social-insurance is unknown",
    );
    expect(condition(o, "MigrationCompleted")).toMatchObject({ status: "True" });
    // Even months later: no timer moves it (nothing to re-measure), no false phase.
    await advance(op, 90 * 86_400_000);
    await quiet(op);
    expect(phaseOf(op, name)).toBe("migrating");
  }, 120_000);

  it("Prometheus unreachable: a condition saying so, and no phase gained or lost on it", async () => {
    // A second Prometheus this test may stop.
    const own = await startPrometheus({
      scrape: [{ job: "ingress-nginx", targets: [ingressController.address] }],
      scrapeInterval: "1s",
    });
    try {
      const name = "changzhi-health-regional-health";
      ingressController.busy.add(name);
      await own.waitFor(`sum(increase(nginx_ingress_controller_requests{namespace="${name}"}[${WINDOW}])) > 0`);
      op = await startOperator("2026-06-01T00:00:00Z", {
        prometheusUrl: own.url,
        trafficWindow: WINDOW,
        trafficResyncMs: TEN_MIN,
      });
      op.api.load([
        systemMigration({
          department: "changzhi-health",
          system: "regional-health",
          deadline: "2026-09-30",
          declared: { phase: "cutover", assessed: "2025-05-01", cutover: "2026-05-15" },
        }),
        namespace(name),
        instance(name, "db"),
        ingress(name),
      ]);
      await markReady(op.client, name, "db");
      await phaseIs(op, name, "cutover");
      await own.stop();
      // The next re-measure finds Prometheus gone: cutover kept, the traffic evidence Unknown with why.
      await advance(op, TEN_MIN);
      await waitFor(
        "TrafficEvidence Unknown",
        () => condition(sm(op!.api, name), "TrafficEvidence")?.status === "Unknown",
      );
      const o = sm(op.api, name);
      expect(o!.status.phase).toBe("cutover");
      expect(condition(o, "TrafficEvidence")!.message).toMatch(/not reachable|did not answer/);
      expect(condition(o, "CutOver")).toMatchObject({ status: "Unknown", reason: "TrafficUnknown" });
      expect(events(op.api, name).map((e) => e.reason)).not.toContain("Regressed");
      // A system reaching Ready now gains nothing without the measurement.
      const other = "changzhi-health-clinic";
      op.api.load([
        systemMigration({
          department: "changzhi-health",
          system: "clinic",
          deadline: "2026-12-31",
          declared: { phase: "cutover", assessed: "2025-05-01", cutover: "2026-05-15" },
        }),
        namespace(other),
        instance(other, "db"),
        ingress(other),
      ]);
      await markReady(op.client, other, "db");
      await waitFor("clinic CutOver Unknown", () => condition(sm(op!.api, other), "CutOver")?.status === "Unknown");
      expect(phaseOf(op, other)).toBe("migrating");
    } finally {
      ingressController.busy.delete("changzhi-health-regional-health");
      await own.stop();
    }
  }, 240_000);
});

prom.describe("migration operator: zombie candidates", () => {
  it("raises ZombieCandidate from two criteria with their evidence, says unknown without data, and never guesses when Prometheus is down", async () => {
    op = await startOperator(new Date().toISOString(), {
      prometheusUrl: prometheus.url,
      trafficWindow: WINDOW,
      trafficResyncMs: TEN_MIN,
      zombies: true,
    });
    op.api.load([
      systemMigration({
        department: "changzhi-archives",
        system: "old-catalogue",
        deadline: "2027-12-31",
        declared: { phase: "assessed", assessed: "2026-01-01" },
        zombie: { disconnected: true, supersededBy: "archives/digital-archives" },
      }),
      systemMigration({
        department: "changzhi-archives",
        system: "reading-room",
        deadline: "2027-12-31",
        declared: { phase: "inventoried" },
      }),
    ]);
    const z = await waitFor("zombie", () =>
      condition(sm(op!.api, "changzhi-archives-old-catalogue"), "ZombieCandidate"),
    );
    expect(z).toMatchObject({ status: "True", reason: "CriteriaMet" });
    expect(z.message).toContain("2 criteria met (disconnected, superseded)");
    expect(z.message).toContain("superseded met [declared]: declared replaced by archives/digital-archives");
    // No data for the measured criteria (no cAdvisor, no kube-state-metrics here): unknown, not idle.
    expect(z.message).toMatch(/idle unknown \[measured\]/);
    const r = await waitFor("reading-room", () =>
      condition(sm(op!.api, "changzhi-archives-reading-room"), "ZombieCandidate"),
    );
    expect(r).toMatchObject({ status: "Unknown", reason: "Unknown" });
    const metrics = await metricsWith(
      op,
      'govcloud_zombie_candidates{department="changzhi-archives",criterion="disconnected"} 1',
    );
    expect(metrics).toContain('govcloud_zombie_candidates{department="changzhi-archives",criterion="disconnected"} 1');
    expect(metrics).toContain('govcloud_zombie_candidates{department="changzhi-archives",criterion="idle"} 0');
    await op.stop();
    // Prometheus down: unknown with why, never a candidate from nothing.
    const port = await freePort();
    op = await startOperator(new Date().toISOString(), { prometheusUrl: `http://127.0.0.1:${port}`, zombies: true });
    op.api.load([
      systemMigration({
        department: "changzhi-archives",
        system: "reading-room",
        deadline: "2027-12-31",
        declared: { phase: "inventoried" },
        zombie: { disconnected: true },
      }),
    ]);
    const down = await waitFor("down", () =>
      condition(sm(op!.api, "changzhi-archives-reading-room"), "ZombieCandidate"),
    );
    expect(down).toMatchObject({ status: "Unknown" });
    expect(down.message).toMatch(
      /zombie criteria not measured: Prometheus at http:\/\/127\.0\.0\.1:\d+ is not reachable/,
    );
  }, 240_000);
  it("a declared last business activity older than 365 days is the disconnected criterion, as at plan time; a recent one is not", async () => {
    op = await startOperator(new Date().toISOString(), {
      prometheusUrl: prometheus.url,
      trafficWindow: WINDOW,
      trafficResyncMs: TEN_MIN,
      zombies: true,
    });
    const day = (daysAgo: number) => new Date(op!.clock.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
    const stale = day(400);
    const recent = day(10);
    op.api.load([
      systemMigration({
        department: "changzhi-hrss",
        system: "training-subsidy",
        deadline: "2027-12-31",
        declared: { phase: "inventoried" },
        // As the planner writes it: the catalog's spec.usage, no disconnected declaration, only the date.
        zombie: { lastBusinessActivity: stale, supersededBy: "changzhi-hrss/social-insurance" },
      }),
      systemMigration({
        department: "changzhi-hrss",
        system: "job-fairs",
        deadline: "2027-12-31",
        declared: { phase: "inventoried" },
        zombie: { lastBusinessActivity: recent, supersededBy: "changzhi-hrss/social-insurance" },
      }),
    ]);
    const z = await waitFor("the stale one", () =>
      condition(sm(op!.api, "changzhi-hrss-training-subsidy"), "ZombieCandidate"),
    );
    expect(z).toMatchObject({ status: "True", reason: "CriteriaMet" });
    expect(z.message).toContain("2 criteria met (disconnected, superseded)");
    expect(z.message).toContain(
      `disconnected met [declared]: declared no longer linked to live business (last business activity ${stale})`,
    );
    const r = await waitFor("the recent one", () =>
      condition(sm(op!.api, "changzhi-hrss-job-fairs"), "ZombieCandidate"),
    );
    // One criterion met (superseded), three measured without data: not a candidate, unknown.
    expect(r).toMatchObject({ status: "Unknown", reason: "Unknown" });
    expect(r.message).toContain(`disconnected not-met [declared]: last business activity declared ${recent}`);
    expect(r.message).toMatch(/^unknown: 1 met, 3 without data/);
    const metrics = await metricsWith(
      op,
      'govcloud_zombie_candidates{department="changzhi-hrss",criterion="disconnected"} 1',
    );
    expect(metrics).toContain('govcloud_zombie_candidates{department="changzhi-hrss",criterion="superseded"} 1');
  }, 240_000);
});

/** The operator's metrics page, once it has `line`. */
async function metricsWith(o: Operator, line: string): Promise<string> {
  return waitFor(
    `the metric ${line}`,
    async () => {
      const text = await o.registry.metrics();
      return text.includes(line) && text;
    },
    { intervalMs: 20 },
  );
}

/** Brings a system to migrated: namespace, a Ready instance, an Ingress with traffic, the declared completion. */
async function migrate(o: Operator, dept: string, system: string): Promise<void> {
  const ns = `${dept}-${system}`;
  ingressController.busy.add(ns);
  await trafficSeen(ns);
  o.api.load([namespace(ns), instance(ns, "app"), ingress(ns)]);
  await markReady(o.client, ns, "app");
  await waitFor(`${ns} cutover`, () => ["cutover", "migrated"].includes(phaseOf(o, ns) ?? ""));
  await patchSpec(o, ns, { declared: { phase: "migrated", cutover: "2026-06-01", completed: "2026-06-02" } });
  await phaseIs(o, ns, "migrated");
}

prom.describe("migration operator: deadlines and budget holds", () => {
  it("lists a system in its department's BudgetHold at the deadline's timer, releases it when migrated, lifts the hold with the last; exempt systems never", async () => {
    op = await startOperator("2026-06-10T12:00:00Z", {
      prometheusUrl: prometheus.url,
      trafficWindow: WINDOW,
      // No re-measure within the test's months: the deadlines are the only timers.
      trafficResyncMs: 365 * 86_400_000,
    });
    const dept = "changzhi-health";
    op.api.load([
      systemMigration({
        department: dept,
        system: "a",
        deadline: "2026-06-10",
        declared: { phase: "assessed", assessed: "2026-01-01" },
      }),
      systemMigration({
        department: dept,
        system: "b",
        deadline: "2026-06-20",
        declared: { phase: "assessed", assessed: "2026-01-01" },
      }),
      systemMigration({
        department: dept,
        system: "x",
        deadline: "2026-01-01",
        declared: { phase: "exempt" },
        exemption: { reason: "classified", approvedBy: "长治市保密办", date: "2025-03-01" },
      }),
      systemMigration({
        department: "taiyuan-y",
        system: "c",
        deadline: "2026-06-01",
        declared: { phase: "inventoried" },
        applies: false,
      }),
    ]);
    for (const n of ["a", "b", "x"]) await waitFor(`${n} phase`, () => phaseOf(op!, `${dept}-${n}`));
    await waitFor("c overdue", () => condition(sm(op!.api, "taiyuan-y-c"), "Overdue")?.status === "True");
    // Before the deadline passes: nothing held (x is exempt, c is outside the hold's scope).
    await quiet(op);
    expect(hold(op.api, dept)).toBeUndefined();
    expect(hold(op.api, "taiyuan-y")).toBeUndefined();
    expect(condition(sm(op.api, "taiyuan-y-c"), "BudgetHold")).toMatchObject({ status: "False", reason: "NotInScope" });
    expect(condition(sm(op.api, `${dept}-x`), "BudgetHold")).toMatchObject({ status: "False", reason: "Exempt" });
    expect(sm(op.api, `${dept}-x`)!.status.phase).toBe("exempt");
    expect(condition(sm(op.api, `${dept}-a`), "Overdue")).toMatchObject({ status: "False", reason: "NotDue" });
    expect(condition(sm(op.api, `${dept}-a`), "DeadlineApproaching")).toMatchObject({ status: "True" });

    // One millisecond before the end of the deadline day: still not held.
    await advance(op, Date.parse("2026-06-10T23:59:59.999Z") - op.clock.now());
    await quiet(op, 600);
    expect(hold(op.api, dept)).toBeUndefined();
    // The deadline's timer: held at that moment (the fake clock does not move while we wait).
    await advance(op, 1);
    const h = await waitFor(
      "the hold",
      () => hold(op!.api, dept)?.status?.systems?.length === 1 && hold(op!.api, dept),
    );
    expect(op.clock.now()).toBe(Date.parse("2026-06-11T00:00:00Z"));
    expect(h.spec).toEqual({
      department: dept,
      clause: "长治市加快数字政府建设实施方案 三(二)4: 未按期迁移的不得申请财政预算",
    });
    expect(h.status.systems).toEqual([
      {
        name: `${dept}-a`,
        system: `${dept}/a`,
        phase: "assessed",
        deadline: "2026-06-10",
        daysOverdue: 1,
        deadlineClause: `the record's own deadline (catalog/requests/${dept}/a.yaml)`,
      },
    ]);
    expect(h.status.heldSince).toBe("2026-06-11T00:00:00Z");
    expect(condition(h, "Held")).toMatchObject({ status: "True", reason: "SystemsOverdue" });
    await eventSeen(op, dept, "BudgetHeld");
    await waitFor("a BudgetHold", () => condition(sm(op!.api, `${dept}-a`), "BudgetHold")?.status === "True");
    expect(sm(op.api, `${dept}-a`)!.status.daysOverdue).toBe(1);
    await eventSeen(op, `${dept}-a`, "DeadlinePassed");
    await eventSeen(op, `${dept}-a`, "BudgetHold");

    // Days overdue move at midnight; b joins at its own deadline.
    await advance(op, Date.parse("2026-06-21T00:00:00Z") - op.clock.now());
    await waitFor("a and b held", () => hold(op!.api, dept)?.status?.systems?.length === 2);
    await waitFor("a at 11 days", () => hold(op!.api, dept)!.status.systems[0].daysOverdue === 11);
    expect(hold(op.api, dept)!.status.systems.map((s: any) => [s.name, s.daysOverdue])).toEqual([
      [`${dept}-a`, 11],
      [`${dept}-b`, 1],
    ]);

    // a migrates: it leaves the hold, which stays for b.
    await migrate(op, dept, "a");
    await waitFor("only b", () => hold(op!.api, dept)?.status?.systems?.length === 1);
    expect(hold(op.api, dept)!.status.systems[0].name).toBe(`${dept}-b`);
    expect(condition(sm(op.api, `${dept}-a`), "BudgetHold")).toMatchObject({ status: "False", reason: "Settled" });
    await eventSeen(op, `${dept}-a`, "BudgetHoldReleased");
    await eventSeen(op, dept, "SystemReleased");

    // b, the last one, migrates: the hold is lifted (deleted).
    await migrate(op, dept, "b");
    await waitFor("hold lifted", () => hold(op!.api, dept) === undefined);
    await eventSeen(op, dept, "BudgetHoldLifted");
    // The exempt system was never listed, at any point.
    expect(events(op.api, dept).filter((e) => e.message.includes(`${dept}/x`))).toEqual([]);
    const metrics = await metricsWith(op, `govcloud_migration_systems{department="${dept}",phase="migrated"} 2`);
    expect(metrics).toContain(`govcloud_budget_hold_systems{department="${dept}"} 0`);
    expect(metrics).toContain(`govcloud_migration_systems{department="${dept}",phase="migrated"} 2`);
    expect(metrics).toContain(`govcloud_migration_systems{department="${dept}",phase="exempt"} 1`);
    expect(metrics).toContain(`govcloud_migration_overdue_systems{department="taiyuan-y"} 1`);
    for (const s of ["a", "b"]) ingressController.busy.delete(`${dept}-${s}`);
  }, 300_000);

  it("raises DeadlineApproaching when the early-warning window opens, at its timer", async () => {
    op = await startOperator("2026-06-01T00:00:00Z", { warnDays: 90 });
    const name = "changzhi-approval-permits";
    op.api.load([
      systemMigration({
        department: "changzhi-approval",
        system: "permits",
        deadline: "2026-10-01",
        declared: { phase: "inventoried" },
      }),
    ]);
    await waitFor("NotYet", () => condition(sm(op!.api, name), "DeadlineApproaching")?.reason === "NotYet");
    expect(condition(sm(op.api, name), "DeadlineApproaching")!.message).toContain("opens 2026-07-03");
    await advance(op, Date.parse("2026-07-02T23:59:59Z") - op.clock.now());
    await quiet(op);
    expect(condition(sm(op.api, name), "DeadlineApproaching")!.status).toBe("False");
    await advance(op, 1000);
    await waitFor("warning", () => condition(sm(op!.api, name), "DeadlineApproaching")?.status === "True");
    expect(condition(sm(op.api, name), "DeadlineApproaching")!.message).toContain(
      "90-day early-warning window (a convention",
    );
    expect(await eventSeen(op, name, "DeadlineApproaching")).toMatchObject({ type: "Warning" });
    expect(hold(op.api, "changzhi-approval")).toBeUndefined();
  }, 120_000);
});

/** Every recording of an Event of `reason` on `name`: the Events' counts summed (a repeat bumps count or adds one). */
const recorded = (o: Operator, name: string, reason: string) =>
  (o.api.store.list("v1", "Event") as { involvedObject?: { name?: string }; reason?: string; count?: number }[])
    .filter((e) => e.involvedObject?.name === name && e.reason === reason)
    .reduce((n, e) => n + (e.count ?? 1), 0);

describe("migration operator: an Event once per turn of a condition", () => {
  it("records BudgetHold (and DeadlinePassed, BudgetHeld) once when the status write fails and is retried, and when a reconcile runs on a cache behind its own write", async () => {
    op = await startOperator("2026-06-10T12:00:00Z");
    const dept = "changzhi-transport";
    const name = `${dept}-permits`;
    op.api.load([
      systemMigration({
        department: dept,
        system: "permits",
        deadline: "2026-06-10",
        declared: { phase: "assessed", assessed: "2026-01-01" },
      }),
    ]);
    await phaseIs(op, name, "assessed");
    await quiet(op);
    // From now on the operator's watches hear nothing: its cache stays behind its own writes.
    op.api.faults.stallWatches();
    // The first status write at the deadline answers 503, the retry 409; the third goes through.
    const status = `/systemmigrations/${name}/status`;
    op.api.faults.failNext(1, 503, { path: status });
    op.api.faults.failNext(1, 409, { path: status });
    const failed = op.api.faults.counters.failed;
    await advance(op, Date.parse("2026-06-11T00:00:00Z") - op.clock.now());
    await waitFor("the 503", () => op!.api.faults.counters.failed === failed + 1);
    await advance(op, 5); // the key's backoff after one failure
    await waitFor("the 409", () => op!.api.faults.counters.failed === failed + 2);
    await advance(op, 10); // and after two
    await waitFor("BudgetHold=True written", () => condition(sm(op!.api, name), "BudgetHold")?.status === "True");
    await eventSeen(op, name, "BudgetHold");
    await idle(op);
    expect(recorded(op, name, "BudgetHold")).toBe(1);
    // A day later the deadline's timer reconciles again, on the cache that has not seen the write.
    const requeues = async () => {
      const m = (await op!.registry.metrics()).match(
        /govcloud_controller_reconcile_total\{controller="migration",result="requeue"\} (\d+)/,
      );
      return Number(m?.[1] ?? 0);
    };
    const requeued = await requeues();
    await advance(op, Date.parse("2026-06-12T00:00:00Z") - op.clock.now());
    await quiet(op);
    expect(recorded(op, name, "BudgetHold")).toBe(1);
    expect(recorded(op, name, "DeadlinePassed")).toBe(1);
    // That reconcile ran on the old status and was refused (409 on the precondition): nothing written from it,
    // to be reconciled again.
    expect(await requeues()).toBeGreaterThan(requeued);
    expect(sm(op.api, name)!.status.daysOverdue).toBe(1);
    // The watches come back: ended (a compaction: re-listed), the cache catches up with the server.
    op.api.faults.expireResourceVersions();
    await waitFor("2 days overdue", () => sm(op!.api, name)?.status?.daysOverdue === 2);
    await quiet(op);
    expect(recorded(op, name, "BudgetHold")).toBe(1);
    expect(recorded(op, name, "DeadlinePassed")).toBe(1);
    expect(recorded(op, dept, "BudgetHeld")).toBe(1);
    // The condition turned True once, at the deadline: its transition time says so.
    expect(condition(sm(op.api, name), "BudgetHold")).toMatchObject({ status: "True" });
    expect(
      sm(op.api, name)!.status.conditions.find((c: { type: string }) => c.type === "BudgetHold").lastTransitionTime,
    ).toBe("2026-06-11T00:00:00Z");
    expect(hold(op.api, dept)?.status?.systems?.map((s: { daysOverdue: number }) => s.daysOverdue)).toEqual([2]);
  }, 120_000);
});
