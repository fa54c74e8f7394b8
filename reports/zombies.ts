/**
 * Zombie candidates (僵尸系统候选) for the usage and situation reports: with a Prometheus, the migration
 * module's measured evaluation (stacks/migration zombies: idle, maintenance stopped and low use measured,
 * disconnected and superseded declared) with its numbers; without one, the catalog's declared usage judged
 * by the conventions of GOV-ZOMBIE-001. Every criterion says whether it is measured (实测) or declared (申报).
 */
import { systemKey, type Estate, type Loaded, type SystemRequest } from "../catalog/index.js";
import {
  declaredUsageZombie,
  ZOMBIE_MIN_CRITERIA,
  ZOMBIE_CLAUSE,
  ZOMBIE_CRITERION_TEXT,
  type CriterionVerdict,
  type ZombieCriterion,
  type ZombieEvaluation,
} from "../stacks/migration/index.js";
import { t } from "./i18n.js";
import type { Kpi, Lang, Section } from "./model.js";

/** One criterion met, as a report shows it. */
export interface ZombieCriterionLine {
  readonly criterion: ZombieCriterion;
  readonly source: "measured" | "declared";
  /** Localised: the seed's words, the numbers and the threshold, and [实测]/[申报]. */
  readonly text: string;
}

export interface ZombieRow {
  readonly system: string;
  readonly met: readonly ZombieCriterionLine[];
  /** Criteria without data (measured mode only). */
  readonly unknown: readonly ZombieCriterion[];
}

const pct = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
const tag = (lang: Lang, source: "measured" | "declared") =>
  lang === "zh"
    ? source === "measured"
      ? "［实测］"
      : "［申报］"
    : source === "measured"
      ? " [measured]"
      : " [declared]";
const words = (lang: Lang, c: ZombieCriterion) => ZOMBIE_CRITERION_TEXT[c][lang];

/** The text of a measured or declared verdict, with its numbers. */
export function verdictText(lang: Lang, c: ZombieCriterion, v: CriterionVerdict): string {
  const f = v.figures;
  const n = (k: string) => f[k] as number;
  const zh = lang === "zh";
  let detail: string;
  switch (c) {
    case "idle":
      if (f.declaredCpu !== undefined) {
        detail = zh
          ? `申报平均 CPU 利用率 ${pct(n("declaredCpu"))}，阈值 ${pct(n("threshold"))}`
          : `declared average CPU ${pct(n("declaredCpu"))}, threshold ${pct(n("threshold"))}`;
        break;
      }
      detail = zh
        ? `CPU 实际使用 ${n("usedCores")} 核 / 申请 ${n("requestedCores")} 核（${pct(n("ratio"))}），观测 ${n("daysObserved")} 天，阈值 ${pct(n("threshold"))}`
        : `CPU used ${n("usedCores")} of ${n("requestedCores")} cores requested (${pct(n("ratio"))}) over ${n("daysObserved")} days, threshold ${pct(n("threshold"))}`;
      break;
    case "unmaintained":
      detail =
        f.lastUpdate !== undefined
          ? zh
            ? `最近更新 ${String(f.lastUpdate)}，阈值 ${n("threshold")} 天`
            : `last update ${String(f.lastUpdate)}, threshold ${n("threshold")} days`
          : f.lastRollout !== undefined
            ? zh
              ? `最近一次发布 ${String(f.lastRollout)}（${n("daysSinceRollout")} 天前），阈值 ${n("threshold")} 天`
              : `last rollout ${String(f.lastRollout)} (${n("daysSinceRollout")} days ago), threshold ${n("threshold")} days`
            : zh
              ? `观测 ${n("daysObserved")} 天内无发布，阈值 ${n("threshold")} 天`
              : `no rollout in the ${n("daysObserved")} days observed, threshold ${n("threshold")} days`;
      break;
    case "unused":
      if (f.thresholdUsers !== undefined) {
        const parts = [
          f.monthlyActiveUsers !== undefined
            ? zh
              ? `月活跃用户 ${n("monthlyActiveUsers")}`
              : `${n("monthlyActiveUsers")} users a month`
            : "",
          f.monthlyTransactions !== undefined
            ? zh
              ? `月业务量 ${n("monthlyTransactions")}`
              : `${n("monthlyTransactions")} transactions a month`
            : "",
        ].filter(Boolean);
        detail = parts.join(zh ? "，" : ", ");
        break;
      }
      detail = zh
        ? `日均入口请求 ${n("requestsPerDay")} 次（观测 ${n("daysObserved")} 天），阈值 ${n("threshold")}`
        : `${n("requestsPerDay")} ingress requests a day over ${n("daysObserved")} days, threshold ${n("threshold")}`;
      break;
    case "superseded":
      detail = zh ? `替代系统 ${String(f.replacedBy)}` : `replaced by ${String(f.replacedBy)}`;
      break;
    case "disconnected":
      detail =
        f.since !== undefined
          ? zh
            ? `最近业务活动 ${String(f.since)}`
            : `last business activity ${String(f.since)}`
          : zh
            ? "申报已与业务脱节"
            : "declared disconnected";
      break;
  }
  return `${words(lang, c)}${zh ? "：" : ": "}${detail}${tag(lang, v.source)}`;
}

/**
 * The catalog's declared usage judged as GOV-ZOMBIE-001 judges it (stacks/migration declaredUsageZombie: same
 * conventions, 365 days, CPU under 5%, under 50 users and 1,000 transactions a month): every criterion declared.
 */
export function declaredZombieRow(request: Loaded<SystemRequest>, today: string, lang: Lang): ZombieRow {
  const d = declaredUsageZombie(request, today);
  return {
    system: systemKey(request.doc),
    met: d.met.map((c) => ({ criterion: c, source: "declared" as const, text: verdictText(lang, c, d.criteria[c]!) })),
    unknown: [],
  };
}

export interface ZombieViewInput {
  readonly estate: Estate;
  readonly lang: Lang;
  /** Unix seconds. */
  readonly at: number;
  readonly zombies?: ZombieEvaluation;
  readonly department?: string;
  readonly node?: string;
}

export interface ZombieView {
  readonly kpi: Kpi;
  readonly section: Section;
  /** The candidates, for callers that need the rows themselves. */
  readonly candidates: readonly ZombieRow[];
}

/** The zombie KPI and section of a report: measured when the evaluation is given, declared otherwise. */
export function zombieView(input: ZombieViewInput): ZombieView {
  const { lang, estate } = input;
  const zh = lang === "zh";
  const today = new Date(input.at * 1000).toISOString().slice(0, 10);
  const requests = new Map(
    estate.requests
      .filter(
        (r) =>
          (!input.department || r.doc.spec.department === input.department) &&
          (!input.node || r.doc.spec.cloud === input.node),
      )
      .map((r) => [systemKey(r.doc), r] as const),
  );
  const ev = input.zombies?.state === "ok" ? input.zombies : undefined;
  let candidates: ZombieRow[];
  let undetermined = 0;
  let notes: string[];
  if (ev) {
    const verdicts = ev.systems.filter((s) => requests.has(s.system));
    candidates = verdicts
      .filter((s) => s.candidate === true)
      .map((s) => ({
        system: s.system,
        met: s.met.map((c) => ({
          criterion: c,
          source: s.criteria[c].source,
          text: verdictText(lang, c, s.criteria[c]),
        })),
        unknown: s.unknown,
      }));
    undetermined = verdicts.filter((s) => s.candidate === "unknown").length;
    const t = ev.thresholds;
    notes = [
      zh
        ? `依据 ${ZOMBIE_CLAUSE} 的五项标准，满足 ${t.minCriteria} 项及以上为候选。资源空闲、停止更新、使用频度低三项由 Prometheus 实测（kube-state-metrics、cAdvisor、ingress-nginx，近 ${t.windowDays} 天）；与业务脱节、可被替代两项取自资源目录申报。`
        : `Seed 003's five criteria (${ZOMBIE_CLAUSE}); ${t.minCriteria} or more make a candidate. Idle resources, maintenance stopped and low use are measured in Prometheus (kube-state-metrics, cAdvisor, ingress-nginx, last ${t.windowDays} days); disconnected and superseded are declared in the catalog.`,
      zh
        ? `阈值为本项目约定，非文件规定：CPU 实际使用低于申请的 ${pct(t.idleRatio)}；超过 ${t.rolloutDays} 天无发布；日均入口请求少于 ${t.requestsPerDay} 次；数据覆盖不足窗口的 ${pct(t.minCoverage)} 时记为“无数据”。`
        : `Thresholds are this project's conventions, not the seed's: CPU used below ${pct(t.idleRatio)} of requested; no rollout for more than ${t.rolloutDays} days; under ${t.requestsPerDay} ingress requests a day; data covering less than ${pct(t.minCoverage)} of the window is "no data".`,
      zh
        ? `${undetermined} 个系统因实测数据不足无法判定（无数据不视为空闲）。`
        : `${undetermined} systems cannot be judged for lack of measured data (no data is never counted as idle).`,
    ];
  } else {
    candidates = [...requests.values()]
      .map((r) => declaredZombieRow(r, today, lang))
      .filter((r) => r.met.length >= ZOMBIE_MIN_CRITERIA);
    notes = [
      zh
        ? `依据 ${ZOMBIE_CLAUSE} 的五项标准，由资源目录申报的使用数据（usage 字段）判定，非实测；阈值与规则 GOV-ZOMBIE-001 相同（本项目约定）。提供 --prometheus-url 时改为实测。`
        : `Seed 003's five criteria (${ZOMBIE_CLAUSE}) judged from the usage the catalog declares (the usage field), not measured; thresholds as rule GOV-ZOMBIE-001 (this project's conventions). With --prometheus-url they are measured.`,
    ];
  }
  candidates.sort((a, b) => (a.system < b.system ? -1 : a.system > b.system ? 1 : 0));
  const label = t(lang, "zombies");
  const unknownText = (r: ZombieRow) =>
    r.unknown.length ? r.unknown.map((c) => words(lang, c)).join(zh ? "；" : "; ") : zh ? "无" : "none";
  return {
    candidates,
    kpi: {
      id: "zombies",
      label,
      value: candidates.length,
      unit: "count",
      source: ev
        ? zh
          ? `${ZOMBIE_CLAUSE}；实测（Prometheus）与申报合并，阈值为本项目约定`
          : `${ZOMBIE_CLAUSE}; measured (Prometheus) with declared facts; thresholds are conventions`
        : zh
          ? `${ZOMBIE_CLAUSE}；仅申报数据，非实测`
          : `${ZOMBIE_CLAUSE}; declared usage only, not measured`,
      trend: [],
    },
    section: {
      id: "zombies",
      heading: label,
      notes,
      charts: [],
      tables: [
        {
          id: "zombies",
          title: label,
          columns: [
            { key: "system", label: t(lang, "system") },
            { key: "count", label: zh ? "满足项数" : "Criteria met", unit: "count" },
            { key: "criteria", label: t(lang, "criteria") },
            ...(ev ? [{ key: "unknown", label: zh ? "无数据项" : "No data for" }] : []),
          ],
          rows: candidates.map((r) => [
            r.system,
            r.met.length,
            r.met.map((m) => m.text).join(zh ? "；" : "; "),
            ...(ev ? [unknownText(r)] : []),
          ]),
          empty: t(lang, "none"),
        },
      ],
    },
  };
}
