/**
 * Disaster-recovery pack (灾难恢复). Minimum DR levels follow from a system's grading:
 *
 * | system | minimum level | why |
 * |---|---|---|
 * | MLPS level 3 (等保三级) or above, or important data (重要数据) | 3 | GB/T 22239-2019 8.1.4.9 asks level 3 systems for remote backup of important data over the network and hot redundancy: a standby in another city, i.e. level 3 (electronic transfer and partial equipment) |
 * | core data (核心数据) | 5 | core data is under the strictest regime (Data Security Law art. 21, GB/T 43697-2024); its loss is not acceptable beyond minutes, i.e. real-time transfer with full equipment at a remote site |
 *
 * The other rules judge the placement: objectives the level can reach, level 6 active-active (双活) on
 * two sites of one city, partners in another city with room to take over, every single node or site
 * failure survivable, and placements recorded in the reviewed ledger.
 */
import type { DocPath, Loaded, SystemRequest } from "../../../catalog/index.js";
import { systemKey } from "../../../kube/index.js";
import { allDrills, objectiveProblems, LEVELS } from "../../../stacks/dr/index.js";
import type { Rule, Subject, Violation } from "../../types.js";

const GB20988 = "GB/T 20988-2007";
const none: readonly Violation[] = [];

function subject(doc: Pick<Loaded<unknown>, "locate">, path: DocPath, about: { department?: string; system?: string; cloud?: string }): Subject {
  const at = doc.locate(path);
  return { type: "catalog", ...about, file: at.file, line: at.line, column: at.column };
}

const keyOf = (r: Loaded<SystemRequest>) => systemKey(r.doc);

/** The minimum DR level of a system, and why. */
export function minimumLevel(r: Loaded<SystemRequest>["doc"]): { level: number; because: string } {
  const s = r.spec;
  if (s.dataLevel === "core") return { level: 5, because: "it holds core data (核心数据)" };
  if (s.mlpsLevel >= 3) return { level: 3, because: `it is graded MLPS level ${s.mlpsLevel} (等保${s.mlpsLevel === 3 ? "三" : "四"}级)` };
  if (s.dataLevel === "important") return { level: 3, because: "it holds important data (重要数据)" };
  return { level: 1, because: "" };
}

export const rules: readonly Rule[] = [
  {
    id: "DR-LVL-001",
    title: "MLPS level 3 and important-data systems have DR level 3 or above",
    pack: "dr",
    severity: "high",
    clause: { standard: "GB/T 22239-2019", clause: "8.1.4.9", title: "数据备份恢复 data backup and recovery: remote backup of important data, hot redundancy" },
    target: "request",
    description:
      "MLPS level 3 asks for remote backup of important data over the network to a backup site and hot redundancy of the systems that process it; of the GB/T 20988 levels, that is level 3 (electronic transfer to a standby in another city) or above.",
    remediation: "Raise spec.dr.level to 3 or above; the DR planner places a warm standby in another city and backups to its object storage.",
    check: ({ request }) => {
      const min = minimumLevel(request.doc);
      if (request.doc.spec.dataLevel === "core" || request.doc.spec.dr.level >= min.level) return none;
      return [{ message: `DR level ${request.doc.spec.dr.level} is below the minimum of ${min.level}, since ${min.because}`, path: ["spec", "dr", "level"] }];
    },
  },
  {
    id: "DR-LVL-002",
    title: "Core-data systems have DR level 5 or above, with a remote copy",
    pack: "dr",
    severity: "high",
    clause: { standard: "GB/T 43697-2024", clause: "6.3", title: "core data (核心数据): strictest protection, remote disaster recovery mandatory" },
    target: "request",
    description:
      "Core data may not be lost beyond minutes: level 5 (real-time data transfer with full equipment, RPO 0-30 min) at a site in another city, or level 6 active-active with a remote cluster.",
    remediation: "Raise spec.dr.level to 5 or 6.",
    check: ({ request }) => {
      const s = request.doc.spec;
      if (s.dataLevel !== "core" || s.dr.level >= 5) return none;
      return [{ message: `a core-data system has DR level ${s.dr.level}; core data needs level 5 or 6 with a real-time remote copy`, path: ["spec", "dr", "level"] }];
    },
  },
  {
    id: "DR-LVL-003",
    title: "Declared RPO and RTO are reachable at the DR level",
    pack: "dr",
    severity: "medium",
    clause: { standard: GB20988, clause: "Annex A", title: "灾难恢复能力等级 DR capability levels and their RTO/RPO" },
    target: "request",
    description: `Each GB/T 20988 level reaches a range of recovery objectives: ${Object.values(LEVELS)
      .map((l) => `${l.level}: RPO ≥ ${l.rpo[0]} min, RTO ≥ ${l.rto[0]} min`)
      .join("; ")}. An objective tighter than the level reaches is a promise the DR cannot keep.`,
    remediation: "Raise spec.dr.level to the level the objectives need, or relax spec.dr.rpoMinutes / rtoMinutes.",
    check: ({ request }) =>
      objectiveProblems(request.doc)
        .filter((p) => p.severity === "error")
        .map((p) => ({ message: p.message, path: ["spec", "dr", p.field] })),
  },
  {
    id: "DR-AA-001",
    title: "Level 6 runs active-active (双活) on two sites of one city",
    pack: "dr",
    severity: "high",
    clause: { standard: GB20988, clause: "Annex A, level 6", title: "数据零丢失和远程集群支持 zero data loss: synchronous replication needs same-city latency" },
    target: "request",
    description:
      "Level 6 means both sides serve at once with zero data loss; synchronous replication only works within one city's latency, so the two active sides are two different sites of the same city (plus a remote standby cluster and backups in another city).",
    remediation: "Run the system on a cloud node with two sites in one city (the provincial cloud's two Taiyuan sites), or lower spec.dr.level to 5.",
    check: ({ facts, drPlan, request }) => {
      if (request.doc.spec.dr.level !== 6) return none;
      const pair = facts.drPairs.get(keyOf(request));
      if (!pair) return none; // no primary site at all: the loader reports it
      if (pair.active && pair.active.site !== pair.primary.site && pair.active.city === pair.primary.city) return none;
      const issue = drPlan.pairing.issues.find((i) => i.system === pair.system && i.role === "active");
      return [{ message: issue?.message ?? `${pair.system} has no second active site in city ${pair.primary.city}`, path: ["spec", "dr", "level"] }];
    },
  },
  {
    id: "DR-PAIR-001",
    title: "DR partners in another city, with room to take over",
    pack: "dr",
    severity: "high",
    clause: { standard: GB20988, clause: "6", title: "灾难恢复资源 DR resources: a backup site that does not share the primary's risks, with the equipment to take over" },
    target: "request",
    description:
      "A warm standby (levels 3-6) runs on another cloud node in another city, on a platform graded for the system and offering its services, with its quota reserved; backups go to object storage in another city.",
    remediation: "Follow the diagnostic: add capacity or object storage in another city, move the system, or change its DR level; then run `govcloud dr`.",
    check: ({ drPlan, request }) => {
      const key = keyOf(request);
      return drPlan
        .pairing.issues.filter((i) => i.system === key && (i.role === "standby" || i.role === "backup"))
        .map((i) => ({ message: `${i.constraint}: ${i.message}`, path: ["spec", "dr", "level"] }));
    },
  },
  {
    id: "DR-CAP-001",
    title: "Every single node or site failure is survivable",
    pack: "dr",
    severity: "high",
    clause: { standard: GB20988, clause: "6", title: "灾难恢复资源 DR resources: standby capacity to absorb the failover" },
    target: "estate",
    description:
      "When any one cloud node or site fails, every system of level 3 or above keeps or regains service: the other active side carries on, or the standby finds its load free on its site.",
    remediation: "Add capacity where the drill runs short, or spread the standbys (`govcloud dr --fail NODE` shows where each system goes).",
    check: ({ estate, drPlan }) => {
      const out: Violation[] = [];
      for (const d of allDrills(drPlan.pairing)) {
        if (d.ok) continue;
        const what = d.fail.site !== undefined ? `site ${d.fail.site}` : `node ${d.fail.node}`;
        const lost = d.lost.filter((l) => l.level >= 3).map((l) => l.system);
        const lose = lost.length ? `${lost.join(", ")} ${lost.length === 1 ? "loses" : "lose"} service` : "";
        const short = Object.entries(d.shortfall);
        if (short.length) {
          for (const [node, s] of short) {
            const c = estate.index.cloud.get(node);
            if (c) out.push({ message: `when ${what} fails, ${node} runs short by ${s.vcpu} vCPU and ${s.memoryGiB} GiB${lose ? `; ${lose}` : ""}`, subject: subject(c, ["spec", "capacity"], { cloud: node }) });
          }
        } else {
          const c = estate.index.cloud.get(d.fail.node ?? "");
          if (c) out.push({ message: `when ${what} fails, ${lose || "systems lose service"}`, subject: subject(c, ["metadata", "name"], { cloud: c.doc.metadata.name }) });
        }
      }
      return out;
    },
  },
  {
    id: "DR-LED-001",
    title: "DR placements are recorded in the reviewed ledger",
    pack: "dr",
    severity: "low",
    clause: { standard: GB20988, clause: "7", title: "灾难恢复预案 DR plans are documented, reviewed and kept current" },
    target: "estate",
    description:
      "The DR ledger (estates/<name>/dr-ledger.yaml) is the reviewed record of where every standby and backup lives; a placement that is only proposed can still move when other systems change.",
    remediation: "Operators (the ledger's CODEOWNERS): run `govcloud dr --write-ledger` and commit the ledger.",
    check: ({ estate, drPlan: plan }) => {
      const out: Violation[] = [];
      for (const c of plan.pairing.changes) {
        // A new system's placement is proposed by its request and recorded by the operators once the
        // request is merged: it is no finding against the request (a department may not edit the ledger).
        if (c.change !== "added" && estate.drLedger) {
          const [department, system] = c.system.split("/");
          out.push({ message: `ledger entry for ${c.system}: ${c.reason}`, subject: subject(estate.drLedger, ["spec", "pairs", c.entry ?? 0], { ...(department ? { department } : {}), ...(system ? { system } : {}) }) });
        }
      }
      return out;
    },
  },
];
