/**
 * Disaster-recovery pack (灾难恢复). Minimum DR levels follow from a system's grading:
 *
 * | system | minimum level | why |
 * |---|---|---|
 * | MLPS level 3 (等保三级) or above, or important data (重要数据) | 3 | GB/T 22239-2019 8.1.4.9 asks level 3 systems for remote backup of important data over the network and hot redundancy: a standby in another city, i.e. level 3 (electronic transfer and partial equipment) |
 * | core data (核心数据) | 5 | core data is under a stricter regime (Data Security Law art. 21, graded by GB/T 43697-2024); the project takes that as: no loss beyond minutes, i.e. real-time transfer with full equipment at a remote site |
 *
 * Both minimums are the project's derivations (the standards name no DR level for a grade). The other
 * rules judge the placement: objectives the level can reach, level 6's same-city active-active (双活)
 * and its zero data loss at the remote centre, partners in another city with room to take over, every
 * single node or site failure survivable, and placements recorded in the reviewed ledger.
 */
import type { DocPath, Loaded, SystemRequest } from "../../../catalog/index.js";
import { systemKey } from "../../../kube/index.js";
import { allDrills, levelSixNote, objectiveProblems, remoteZeroDataLoss, LEVELS } from "../../../stacks/dr/index.js";
import { cite, mlps } from "../../sources.js";
import { catalogSubject } from "../support.js";
import type { Rule, Subject, Violation } from "../../types.js";

/** GB/T 20988-2025, in force since 2026-01-01 (replaces GB/T 20988-2007 and GB/T 30285-2013). */
const gbt20988 = (clause: string, derivedFrom?: string) => cite("GB/T 20988", "2025", clause, derivedFrom);
/** The level definitions (1 基本支持 … 6 数据零丢失和远程集群支持) as GB/T 20988-2007 Annex A gave them. */
const LEVELS_FROM = "the six capability levels of GB/T 20988 (as defined in the 2007 edition's Annex A; their place in the 2025 edition not verified)";
const none: readonly Violation[] = [];

function subject(doc: Pick<Loaded<unknown>, "locate">, path: DocPath, about: { department?: string; system?: string; cloud?: string }): Subject {
  return catalogSubject(doc.locate(path), about);
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
    clause: mlps("8.1.4.9", `GB/T 22239-2019 8.1.4.9 b), c) (remote real-time backup of important data over the network; hot redundancy of important data-processing systems) mapped onto ${LEVELS_FROM}: level 3 (electronic transfer to a standby elsewhere) at least`),
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
    clause: cite("中华人民共和国数据安全法", "2021", "art. 21", `Data Security Law art. 21 (core data, graded by GB/T 43697-2024, under a stricter regime) mapped onto ${LEVELS_FROM}: level 5 (real-time transfer, full equipment, remote) at least`),
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
    clause: gbt20988("6.2", "GB/T 20988-2025 6.2 (a DR strategy meets its recovery objectives): the RTO/RPO ranges per level are the informative example of GB/T 20988-2007 (Annex D), not the level definitions, and serve as the project's plausibility bounds"),
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
    clause: gbt20988("6.4", `GB/T 20988-2025 6.4 (DR centre siting and levels) and ${LEVELS_FROM}: the project serves level 6 with two active sides in one city, where synchronous replication is possible; DR-AA-002 checks the zero data loss at the remote centre that level 6 itself requires`),
    target: "request",
    description:
      "The project serves level 6 with two active sides (双活) on two different sites of the same city, where synchronous replication is within latency, plus a remote standby cluster and backups in another city. Same-city active-active alone is not level 6: level 6 is zero data loss and a remote cluster (数据零丢失和远程集群支持), which DR-AA-002 checks at the remote centre.",
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
    id: "DR-AA-002",
    title: "Level 6 loses no data at the remote centre",
    pack: "dr",
    severity: "high",
    clause: gbt20988("6.4", `GB/T 20988-2025 6.4 (DR centre siting and levels) and ${LEVELS_FROM}: level 6 is zero data loss with a remote cluster, so the remote centre must receive every write (synchronous replication), not only the same-city active side`),
    target: "request",
    description:
      "A level 6 claim (数据零丢失和远程集群支持) needs zero data loss at the remote DR centre: synchronous replication to it (spec.dr.remoteReplication: synchronous). Same-city active-active with asynchronous replication to another city loses the data in flight when the city fails: that is level 5 at best at the remote centre.",
    remediation: "Replicate synchronously to the remote centre (and check the distance allows it) and declare spec.dr.remoteReplication: synchronous, or claim spec.dr.level 5.",
    check: ({ request }) => {
      if (request.doc.spec.dr.level !== 6 || remoteZeroDataLoss(request.doc)) return none;
      return [{ message: levelSixNote(request.doc), path: ["spec", "dr", "level"] }];
    },
  },
  {
    id: "DR-PAIR-001",
    title: "DR partners in another city, with room to take over",
    pack: "dr",
    severity: "high",
    clause: gbt20988("6.4", "GB/T 20988-2025 6.4 (DR centre siting: not exposed to the same risks as the primary): a partner in another city, graded for the system, with its quota reserved"),
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
    clause: gbt20988("7.1", "GB/T 20988-2025 7.1 (building the DR system to take over): drills of every single node or site failure against the standby capacity"),
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
    clause: gbt20988("8.1", "GB/T 20988-2025 8.1 (DR plans drafted, reviewed and kept current): the reviewed ledger as the record of where every standby and backup lives"),
    target: "estate",
    description:
      "The DR ledger (estates/<name>/dr-ledger.yaml) is the reviewed record of where every standby and backup lives; a placement that is only proposed can still move when other systems change.",
    remediation: "Run `govcloud dr --write-ledger` and commit the ledger with the change.",
    check: ({ estate, drPlan: plan }) => {
      const out: Violation[] = [];
      for (const c of plan.pairing.changes) {
        const r = estate.index.request.get(c.system);
        if (c.change === "added" && r) {
          out.push({
            message: `the DR placement of ${c.system} is not recorded in the ledger`,
            subject: subject(r, ["spec", "dr"], { department: r.doc.spec.department, system: r.doc.metadata.name }),
          });
        } else if (c.change !== "added" && estate.drLedger) {
          const [department, system] = c.system.split("/");
          out.push({ message: `ledger entry for ${c.system}: ${c.reason}`, subject: subject(estate.drLedger, ["spec", "pairs", c.entry ?? 0], { ...(department ? { department } : {}), ...(system ? { system } : {}) }) });
        }
      }
      return out;
    },
  },
];
