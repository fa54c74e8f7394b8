/**
 * Data classification pack: GB/T 43697-2024 (数据安全技术 数据分类分级规则) grades data as core (核心),
 * important (重要) or general (一般); the Data Security Law (数据安全法) art. 21 puts core data under a
 * stricter regime and art. 27 asks for technical protection. Placement rules derived from them
 * (domain.md §6): core data only in the dedicated zone, at MLPS >= 3, encrypted, never internet-facing;
 * important data at MLPS >= 3 and encrypted.
 */
import { LABELS } from "../../../kube/index.js";
import { cite } from "../../sources.js";
import type { Rule, Violation } from "../../types.js";
import { DATA_LEVEL_NAMES, isImportantOrCore } from "../support.js";

/**
 * GB/T 43697-2024 grades data (6.3: the grading elements); it does not place data. What mandates
 * stricter handling of core data is the Data Security Law art. 21; the placements are the project's.
 */
const DSL21 = (how: string) =>
  cite("中华人民共和国数据安全法", "2021", "art. 21", `Data Security Law art. 21 (core data under a stricter regime) with the grade of GB/T 43697-2024 6.3 (core data: harm to national security, the economy's lifelines, people's livelihood, major public interests): ${how}`);
const DSL27 = (how: string) => cite("中华人民共和国数据安全法", "2021", "art. 27", `Data Security Law art. 27 (technical measures to protect data, on the basis of MLPS) graded by GB/T 43697-2024: ${how}`);
const none: readonly Violation[] = [];
const DATA_LEVELS: ReadonlySet<string> = new Set(["general", "important", "core"]);

export const rules: readonly Rule[] = [
  {
    id: "DATA-CORE-001",
    title: "Core data only in the dedicated zone",
    pack: "data",
    severity: "critical",
    clause: DSL21("core data placed only in the extranet's dedicated zone (专用网络区)"),
    target: "request",
    description:
      "A system holding core data sits only in the extranet's dedicated zone (专用网络区), the per-department VPN isolated from other departments; the public and internet-access zones are shared with everyone.",
    remediation: "Set spec.zones to [dedicated] and reach shared services through declared exchange channels.",
    check: ({ request }) => {
      const s = request.doc.spec;
      if (s.dataLevel !== "core") return none;
      const others = s.zones.filter((z) => z !== "dedicated");
      if (others.length === 0 && s.zones.includes("dedicated")) return none;
      return [{ message: `a core-data system sits in the ${others.join(" and ")} zone${others.length === 1 ? "" : "s"}; core data belongs only in the dedicated zone`, path: ["spec", "zones"] }];
    },
  },
  {
    id: "DATA-CORE-002",
    title: "Core data is never internet-facing",
    pack: "data",
    severity: "critical",
    clause: DSL21("core data never exposed to the internet"),
    target: "request",
    description: "Core data must not be reachable from the internet, not even through the unified internet exit: public services use desensitised copies behind an exchange platform.",
    remediation: "Set spec.ingress.internetFacing to false and serve the public from a separate system holding desensitised data.",
    check: ({ request }) => {
      const s = request.doc.spec;
      if (s.dataLevel !== "core") return none;
      if (s.ingress?.internetFacing) return [{ message: "a core-data system is reachable from the internet", path: ["spec", "ingress", "internetFacing"] }];
      if (s.zones.includes("internet-access")) return [{ message: "a core-data system sits in the internet access zone (互联网接入区)", path: ["spec", "zones"] }];
      return none;
    },
  },
  {
    id: "DATA-MLPS-001",
    title: "Important and core data on MLPS level 3 or above",
    pack: "data",
    severity: "high",
    clause: DSL27("important and core data protected at MLPS level 3 (等保三级) at least"),
    target: "request",
    description: "A system takes the level of the most sensitive data it holds (就高从严); important and core data need at least the controls of MLPS level 3.",
    remediation: "Grade and file the system at MLPS level 3 (spec.mlpsLevel: 3) on a level 3 cloud node, or move the important data out of it.",
    check: ({ request }) => {
      const s = request.doc.spec;
      if (!isImportantOrCore(s.dataLevel) || s.mlpsLevel >= 3) return none;
      return [{ message: `a system holding ${DATA_LEVEL_NAMES[s.dataLevel]} data is graded MLPS level ${s.mlpsLevel}`, path: ["spec", "mlpsLevel"] }];
    },
  },
  {
    id: "DATA-ENC-001",
    title: "Important and core data encrypted at rest",
    pack: "data",
    severity: "high",
    clause: DSL27("encryption as the technical measure for important and core data"),
    target: "request",
    description: "Important and core data is stored encrypted, so that a lost disk, a backup copy or a platform administrator does not disclose it.",
    remediation: "Set spec.encryption.atRest to SM4 (and keyCustody to tenant for MLPS level 3).",
    check: ({ request }) => {
      const s = request.doc.spec;
      if (!isImportantOrCore(s.dataLevel) || (s.encryption?.atRest ?? "none") !== "none") return none;
      return [
        {
          message: `${DATA_LEVEL_NAMES[s.dataLevel]} data is stored unencrypted`,
          path: s.encryption?.atRest !== undefined ? ["spec", "encryption", "atRest"] : s.encryption ? ["spec", "encryption"] : ["spec", "dataLevel"],
        },
      ];
    },
  },
  {
    id: "DATA-ENC-002",
    title: "Important and core data encrypted in transit",
    pack: "data",
    severity: "high",
    clause: DSL27("encryption as the technical measure for important and core data"),
    target: "request",
    description: "Important and core data crosses the extranet only encrypted, even between a department's own components.",
    remediation: "Set spec.encryption.inTransit to TLCP (or TLS below MLPS level 3) and encrypt every connection, including to databases.",
    check: ({ request }) => {
      const s = request.doc.spec;
      if (!isImportantOrCore(s.dataLevel) || (s.encryption?.inTransit ?? "none") !== "none") return none;
      return [
        {
          message: `${DATA_LEVEL_NAMES[s.dataLevel]} data travels unencrypted`,
          path: s.encryption?.inTransit !== undefined ? ["spec", "encryption", "inTransit"] : s.encryption ? ["spec", "encryption"] : ["spec", "dataLevel"],
        },
      ];
    },
  },
  {
    id: "DATA-EXPO-001",
    title: "No externally reachable Service or Ingress for core data",
    pack: "data",
    severity: "critical",
    clause: DSL21("no Service or Ingress exposing core data outside the dedicated zone"),
    target: "object",
    kinds: ["Service", "Ingress"],
    description:
      "In a namespace holding core data, a LoadBalancer or NodePort Service or an Ingress opens the data to networks beyond the dedicated zone. The data level is the stricter of the object's govcloud.io/data-level label and, with the catalog, the level its namespace's system declares.",
    remediation: "Use ClusterIP Services only and reach the system through the department's declared exchange channel.",
    check: ({ object, estate }) => {
      const ns = object.metadata.namespace;
      // The stricter of the object's label and the catalog's declaration (就高从严).
      const labelled = object.metadata.labels?.[LABELS.dataLevel];
      const declared = estate && ns !== undefined ? estate.index.namespace.get(ns)?.doc.spec.dataLevel : undefined;
      if (labelled !== "core" && declared !== "core") return none;
      if (object.kind === "Ingress") return [{ message: `Ingress ${object.metadata.name} exposes a core-data namespace`, path: ["spec"] }];
      const type = (object.spec as { type?: string } | undefined)?.type ?? "ClusterIP";
      if (type === "LoadBalancer" || type === "NodePort") return [{ message: `${type} Service ${object.metadata.name} exposes a core-data namespace`, path: ["spec", "type"] }];
      return none;
    },
  },
  {
    id: "DATA-LABEL-001",
    title: "Tenant namespaces carry their data and MLPS level",
    pack: "data",
    severity: "medium",
    clause: cite("中华人民共和国数据安全法", "2021", "art. 21", "Data Security Law art. 21 (classified and graded protection) with the levels of GB/T 43697-2024: namespaces labelled with their data and MLPS level so that controls can follow them"),
    target: "object",
    kinds: ["Namespace"],
    description:
      "A tenant namespace (labelled govcloud.io/system) carries govcloud.io/data-level and govcloud.io/mlps-level, the labels in-cluster policy reads; with the catalog, they must equal the system's declared levels.",
    remediation: "Plan the namespace with govcloud (which sets the labels), or add the two labels with the system's levels.",
    check: ({ object, estate }) => {
      const labels = object.metadata.labels ?? {};
      const system = labels[LABELS.system];
      if (system === undefined) return none;
      const out: Violation[] = [];
      const data = labels[LABELS.dataLevel];
      const mlps = labels[LABELS.mlpsLevel];
      if (data === undefined) out.push({ message: `tenant namespace ${object.metadata.name} has no ${LABELS.dataLevel} label`, path: ["metadata", "labels"] });
      else if (!DATA_LEVELS.has(data)) out.push({ message: `${LABELS.dataLevel}=${data} is not a data level (general, important, core)`, path: ["metadata", "labels", LABELS.dataLevel] });
      if (mlps === undefined) out.push({ message: `tenant namespace ${object.metadata.name} has no ${LABELS.mlpsLevel} label`, path: ["metadata", "labels"] });
      const department = labels[LABELS.department];
      const request = estate && department !== undefined ? estate.index.request.get(`${department}/${system}`) : undefined;
      if (request) {
        const s = request.doc.spec;
        if (data !== undefined && data !== s.dataLevel) out.push({ message: `${LABELS.dataLevel}=${data}, but the system declares ${s.dataLevel}`, path: ["metadata", "labels", LABELS.dataLevel] });
        if (mlps !== undefined && mlps !== String(s.mlpsLevel)) out.push({ message: `${LABELS.mlpsLevel}=${mlps}, but the system is graded level ${s.mlpsLevel}`, path: ["metadata", "labels", LABELS.mlpsLevel] });
      }
      return out;
    },
  },
];
