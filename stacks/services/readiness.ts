/**
 * Readiness of a realised object, read from its own status the way its controller reports it: CNPG
 * `readyInstances`, KubeVirt `status.ready`, PVC and OBC phase `Bound`, StatefulSet and Deployment ready
 * replicas, a LoadBalancer Service's ingress address. Pure: the operator passes what its cache holds.
 */
import type { KubeObject } from "../../kube/index.js";

export interface Readiness {
  readonly ready: boolean;
  /** What is being waited for, or what is ready ("Cluster pg: 2/2 instances ready"). */
  readonly message: string;
}

type Status = Record<string, unknown>;
const statusOf = (o: KubeObject): Status => ((o as { status?: Status }).status ?? {}) as Status;
const specOf = (o: KubeObject): Status => ((o as { spec?: Status }).spec ?? {}) as Status;
const num = (v: unknown): number => (typeof v === "number" ? v : 0);

export function readiness(o: KubeObject): Readiness {
  const s = statusOf(o);
  const spec = specOf(o);
  const what = `${o.kind} ${o.metadata.name}`;
  switch (o.kind) {
    case "Cluster": {
      const want = num(spec.instances);
      const have = num(s.readyInstances);
      return { ready: want > 0 && have >= want, message: `${what}: ${have}/${want} instances ready${typeof s.phase === "string" ? ` (${s.phase})` : ""}` };
    }
    case "VirtualMachine":
      return { ready: s.ready === true, message: `${what}: ${s.ready === true ? "ready" : `not ready${typeof s.printableStatus === "string" ? ` (${s.printableStatus})` : ""}`}` };
    case "PersistentVolumeClaim":
    case "ObjectBucketClaim": {
      const phase = typeof s.phase === "string" ? s.phase : "Pending";
      return { ready: phase === "Bound", message: `${what}: ${phase}` };
    }
    case "StatefulSet":
    case "Deployment": {
      const want = typeof spec.replicas === "number" ? spec.replicas : 1;
      const have = num(s.readyReplicas);
      return { ready: have >= want, message: `${what}: ${have}/${want} replicas ready` };
    }
    case "Service": {
      if (spec.type !== "LoadBalancer") return { ready: true, message: `${what}: ready` };
      const ingress = ((s.loadBalancer as { ingress?: unknown[] } | undefined)?.ingress ?? []).length;
      return { ready: ingress > 0, message: `${what}: ${ingress > 0 ? "address assigned" : "waiting for an address"}` };
    }
    case "Schedule": {
      const phase = typeof s.phase === "string" ? s.phase : "New";
      return { ready: phase === "Enabled", message: `${what}: ${phase}` };
    }
    default:
      return { ready: true, message: `${what}: ready` };
  }
}

/** Phases of a Velero Backup: done well, done badly, or still under way. */
export function backupOutcome(backup: KubeObject | undefined): "Completed" | "Failed" | "InProgress" {
  const phase = backup ? statusOf(backup).phase : undefined;
  if (phase === "Completed") return "Completed";
  if (phase === "Failed" || phase === "PartiallyFailed" || phase === "FailedValidation" || phase === "FinalizingPartiallyFailed" || phase === "WaitingForPluginOperationsPartiallyFailed") return "Failed";
  return "InProgress";
}
