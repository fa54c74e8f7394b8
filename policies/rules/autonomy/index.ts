/**
 * Autonomy pack (自主可控 / 信创): the plans ask for an autonomy rate of information systems of at least
 * 80% by end-2025 (seed 002, 晋政办发〔2023〕82号 二(二)). No official formula exists (domain.md §8): the rate here is the
 * share of systems running on a domestic CPU + OS stack, measured per cloud node and per department
 * against the estate's `policy.autonomyTarget`.
 */
import type { Estate, Loaded, SystemRequest } from "../../../catalog/index.js";
import { cite } from "../../sources.js";
import type { Rule, Violation } from "../../types.js";
import { docSubject, isDomesticPlatform, percent } from "../support.js";

/** The target is seed 002's (二(二): 信息系统自主可控率达到80% by end-2025); how it is measured is a convention. */
const CLAUSE = cite(
  "晋政办发〔2023〕82号",
  "2023-12-28",
  "二(二)",
  "晋政办发〔2023〕82号 二(二) (autonomy rate of information systems 80% by end-2025); no official formula exists, the rate here (share of systems on a domestic CPU + OS) is the project's convention (domain.md §8)",
);
const LEVEL3_FIRST = cite(
  "晋政办发〔2023〕82号",
  "2023-12-28",
  "四(五)",
  "晋政办发〔2023〕82号 四(五) (推进政务信息系统在政务云上自主可控改造部署) and 二(二) (80% target): level 3 systems first is the project's prioritisation",
);
const none: readonly Violation[] = [];

interface Share {
  readonly systems: number;
  readonly domestic: number;
  readonly foreign: readonly string[];
}

function shareBy(estate: Estate, key: (r: Loaded<SystemRequest>) => string): Map<string, Share> {
  const out = new Map<string, { systems: number; domestic: number; foreign: string[] }>();
  for (const r of estate.requests) {
    const k = key(r);
    let s = out.get(k);
    if (!s) out.set(k, (s = { systems: 0, domestic: 0, foreign: [] }));
    s.systems++;
    if (isDomesticPlatform(r.doc.spec.platform)) s.domestic++;
    else s.foreign.push(`${r.doc.spec.department}/${r.doc.metadata.name}`);
  }
  return out;
}

const describe = (s: Share, target: number) => {
  const shown = s.foreign.slice(0, 5).join(", ");
  return `${s.domestic} of ${s.systems} systems (${percent(s.domestic / s.systems)}) run on a domestic CPU + OS stack, below the ${percent(target)} target; not domestic: ${shown}${s.foreign.length > 5 ? `, and ${s.foreign.length - 5} more` : ""}`;
};

/** A violation for every cloud node or department (the owners) whose systems fall below the target. */
function belowTarget(
  estate: Estate,
  what: "cloud" | "department",
  owners: readonly Loaded<{ readonly metadata: { readonly name: string } }>[],
  key: (r: Loaded<SystemRequest>) => string,
): Violation[] {
  const target = estate.estate.doc.spec.policy.autonomyTarget;
  const shares = shareBy(estate, key);
  const out: Violation[] = [];
  for (const o of owners) {
    const name = o.doc.metadata.name;
    const s = shares.get(name);
    if (!s || s.domestic / s.systems >= target) continue;
    out.push({ message: `${what} ${name}: ${describe(s, target)}`, subject: docSubject(o, ["metadata", "name"], { [what]: name }) });
  }
  return out;
}

export const rules: readonly Rule[] = [
  {
    id: "AUTO-NODE-001",
    title: "Autonomy rate per cloud node meets the target",
    pack: "autonomy",
    severity: "medium",
    clause: CLAUSE,
    target: "estate",
    description: "On every cloud node, the share of systems on a domestic CPU (鲲鹏, 飞腾, 海光, 兆芯, 龙芯) and OS (麒麟, 统信 UOS, openEuler) reaches the estate's autonomy target.",
    remediation: "Move the node's foreign-stack systems to domestic platform offerings (spec.platform), starting with those up for renewal or migration.",
    check: ({ estate }) => belowTarget(estate, "cloud", estate.clouds, (r) => r.doc.spec.cloud),
  },
  {
    id: "AUTO-DEPT-001",
    title: "Autonomy rate per department meets the target",
    pack: "autonomy",
    severity: "medium",
    clause: CLAUSE,
    target: "estate",
    description: "Every department's systems reach the estate's autonomy target, so that the rate is met by each owner and not only on average.",
    remediation: "Plan the department's move of foreign-stack systems to domestic CPU + OS offerings, and record it in the requests' spec.platform as they move.",
    check: ({ estate }) => belowTarget(estate, "department", estate.departments, (r) => r.doc.spec.department),
  },
  {
    id: "AUTO-NODE-002",
    title: "Domestic share of each cloud node's capacity meets the target",
    pack: "autonomy",
    severity: "low",
    clause: CLAUSE,
    target: "estate",
    description: "A node whose capacity is mostly foreign cannot host the domestic migration the target asks for: its domestic (信创) capacity share reaches the target.",
    remediation: "Add domestic servers (鲲鹏/海光 with 麒麟/UOS) to the node and update spec.domesticShare.",
    check: ({ estate }) => {
      const target = estate.estate.doc.spec.policy.autonomyTarget;
      return estate.clouds
        .filter((c) => c.doc.spec.domesticShare < target)
        .map((c) => ({
          message: `cloud ${c.doc.metadata.name}: ${percent(c.doc.spec.domesticShare)} of its capacity is domestic, below the ${percent(target)} target`,
          subject: docSubject(c, ["spec", "domesticShare"], { cloud: c.doc.metadata.name }),
        }));
    },
  },
  {
    id: "AUTO-L3-001",
    title: "MLPS level 3 systems use domestic offerings",
    pack: "autonomy",
    severity: "medium",
    clause: LEVEL3_FIRST,
    target: "request",
    description: "Level 3 systems are the ones the autonomy plans name first: their databases, middleware and compute come from domestic (信创) offerings of the service catalogue.",
    remediation: "Replace the service with a domestic offering of the same category (e.g. 达梦 DM, 人大金仓 Kingbase, GaussDB for a database; 东方通 TongWeb for middleware).",
    check: ({ request, estate }) => {
      const s = request.doc.spec;
      if (s.mlpsLevel < 3) return none;
      const out: Violation[] = [];
      s.services.forEach((svc, i) => {
        const o = estate.index.offering.get(svc.offering);
        if (o && !o.doc.spec.domestic) {
          out.push({ message: `service ${svc.name} uses ${svc.offering} (${o.doc.spec.displayName}), which is not a domestic offering`, path: ["spec", "services", i, "offering"] });
        }
      });
      return out;
    },
  },
  {
    id: "AUTO-L3-002",
    title: "MLPS level 3 systems run on a domestic CPU and OS",
    pack: "autonomy",
    severity: "medium",
    clause: LEVEL3_FIRST,
    target: "request",
    description: "Level 3 systems run on a domestic CPU (鲲鹏, 飞腾, 海光, 兆芯, 龙芯) with a domestic OS (麒麟, 统信 UOS, openEuler).",
    remediation: "Rebuild the system on a domestic platform (spec.platform, e.g. cpu: kunpeng, os: kylin) at its next release or migration.",
    check: ({ request }) => {
      const s = request.doc.spec;
      if (s.mlpsLevel < 3 || isDomesticPlatform(s.platform)) return none;
      return [{ message: `MLPS level ${s.mlpsLevel} system runs on ${s.platform.cpu} + ${s.platform.os}, not a domestic stack`, path: ["spec", "platform"] }];
    },
  },
];
