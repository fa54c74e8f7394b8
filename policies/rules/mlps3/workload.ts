/**
 * Workload hardening at MLPS level 3 (等保三级): the Pod Security Standards *restricted* profile on top
 * of the baseline (pack mlps2), and a read-only root file system.
 */
import { containerLabel, forEachContainer, isWindowsPod, type ContainerList } from "../../../kube/index.js";
import { workloadRule } from "../workload.js";
import { mlps } from "../../sources.js";
import type { Rule } from "../../types.js";

const ACCESS = mlps("8.1.4.2", "GB/T 22239-2019 8.1.4.2 d) (least privilege, separated administrator permissions), with the Kubernetes Pod Security Standards control as its concrete form for containers (restricted profile)");
const INTRUSION = mlps("8.1.4.4", "GB/T 22239-2019 8.1.4.4 (minimal installation; unneeded services and ports closed), with the Kubernetes Pod Security Standards control as its concrete form for containers (restricted profile)");
const L3 = 3;

/** Volume types the restricted profile allows (everything else is a node or network file system). */
const RESTRICTED_VOLUMES: ReadonlySet<string> = new Set(["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"]);
const SECCOMP_TYPES: ReadonlySet<string> = new Set(["RuntimeDefault", "Localhost"]);
const APP_LISTS: readonly ContainerList[] = ["containers", "initContainers"];

export const rules: readonly Rule[] = [
  workloadRule(
    {
      id: "MLPS3-POD-001",
      title: "Only restricted volume types",
      pack: "mlps3",
      severity: "medium",
      clause: ACCESS,
      description: "Beyond hostPath, the restricted profile allows only volumes whose storage the platform provisions and controls: configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret (PSS restricted: Volume Types).",
      remediation: "Replace the volume by a persistentVolumeClaim of a platform storage class (or one of configMap, csi, downwardAPI, emptyDir, ephemeral, projected, secret).",
    },
    L3,
    (t, report) => {
      const vols = t.spec.volumes ?? [];
      for (let i = 0; i < vols.length; i++) {
        const v = vols[i] as unknown as Record<string, unknown>;
        for (const key in v) {
          if (key !== "name" && v[key] !== undefined && v[key] !== null && !RESTRICTED_VOLUMES.has(key)) report(`volume "${String(v.name)}" is of type ${key}`, [...t.specPath, "volumes", i, key]);
        }
      }
    },
  ),
  workloadRule(
    {
      id: "MLPS3-POD-002",
      title: "No privilege escalation",
      pack: "mlps3",
      severity: "high",
      clause: ACCESS,
      description: "allowPrivilegeEscalation: false stops a process from gaining more privileges than its parent (setuid binaries, file capabilities) (PSS restricted: Privilege Escalation).",
      remediation: "Set securityContext.allowPrivilegeEscalation: false on every container.",
    },
    L3,
    (t, report) => {
      if (isWindowsPod(t)) return;
      forEachContainer(t, (c, at, list) => {
        if (c.securityContext?.allowPrivilegeEscalation !== false) report(`${containerLabel(c, list)} does not set allowPrivilegeEscalation: false`, at("securityContext", "allowPrivilegeEscalation"));
      });
    },
  ),
  workloadRule(
    {
      id: "MLPS3-POD-003",
      title: "Run as non-root",
      pack: "mlps3",
      severity: "medium",
      clause: ACCESS,
      description: "runAsNonRoot: true makes the kubelet refuse to start a container whose user is root (PSS restricted: Running as Non-root).",
      remediation: "Set spec.securityContext.runAsNonRoot: true (or on every container) and build the image with a non-root USER.",
    },
    L3,
    (t, report) => {
      const pod = t.spec.securityContext?.runAsNonRoot;
      if (pod === false) report("the pod sets runAsNonRoot: false", [...t.specPath, "securityContext", "runAsNonRoot"]);
      forEachContainer(t, (c, at, list) => {
        const v = c.securityContext?.runAsNonRoot;
        if (v === false) report(`${containerLabel(c, list)} sets runAsNonRoot: false`, at("securityContext", "runAsNonRoot"));
        else if (v === undefined && pod !== true) report(`${containerLabel(c, list)} may run as root: neither it nor the pod sets runAsNonRoot: true`, at("securityContext"));
      });
    },
  ),
  workloadRule(
    {
      id: "MLPS3-POD-004",
      title: "Not user 0",
      pack: "mlps3",
      severity: "medium",
      clause: ACCESS,
      description: "runAsUser: 0 runs the process as root whatever the image says (PSS restricted: Running as Non-root user).",
      remediation: "Remove runAsUser: 0, or set a non-zero user id.",
    },
    L3,
    (t, report) => {
      if (t.spec.securityContext?.runAsUser === 0) report("the pod runs as user 0 (root)", [...t.specPath, "securityContext", "runAsUser"]);
      forEachContainer(t, (c, at, list) => {
        if (c.securityContext?.runAsUser === 0) report(`${containerLabel(c, list)} runs as user 0 (root)`, at("securityContext", "runAsUser"));
      });
    },
  ),
  workloadRule(
    {
      id: "MLPS3-POD-005",
      title: "Seccomp RuntimeDefault or Localhost",
      pack: "mlps3",
      severity: "medium",
      clause: INTRUSION,
      description: "A seccomp profile must be set explicitly, at pod level or on every container, to RuntimeDefault or a reviewed Localhost profile (PSS restricted: Seccomp).",
      remediation: "Set spec.securityContext.seccompProfile.type: RuntimeDefault.",
    },
    L3,
    (t, report) => {
      if (isWindowsPod(t)) return;
      const podType = t.spec.securityContext?.seccompProfile?.type;
      const podOk = podType !== undefined && SECCOMP_TYPES.has(podType);
      if (podType !== undefined && !podOk) report(`the pod's seccomp profile is ${podType}`, [...t.specPath, "securityContext", "seccompProfile", "type"]);
      forEachContainer(t, (c, at, list) => {
        const type = c.securityContext?.seccompProfile?.type;
        if (type !== undefined && !SECCOMP_TYPES.has(type)) report(`${containerLabel(c, list)} runs with seccomp profile ${type}`, at("securityContext", "seccompProfile", "type"));
        else if (type === undefined && !podOk) report(`${containerLabel(c, list)} has no seccomp profile, nor does the pod`, at("securityContext"));
      });
    },
  ),
  workloadRule(
    {
      id: "MLPS3-POD-006",
      title: "Drop ALL capabilities",
      pack: "mlps3",
      severity: "medium",
      clause: ACCESS,
      description: "Containers drop every Linux capability and add back at most NET_BIND_SERVICE (PSS restricted: Capabilities).",
      remediation: "Set securityContext.capabilities.drop: [ALL] on every container; add only NET_BIND_SERVICE if the process binds a port below 1024.",
    },
    L3,
    (t, report) => {
      if (isWindowsPod(t)) return;
      forEachContainer(t, (c, at, list) => {
        const caps = c.securityContext?.capabilities;
        if (!caps?.drop?.includes("ALL")) report(`${containerLabel(c, list)} does not drop ALL capabilities`, at("securityContext", "capabilities"));
        const add = caps?.add ?? [];
        for (let j = 0; j < add.length; j++) {
          if (add[j] !== "NET_BIND_SERVICE") report(`${containerLabel(c, list)} adds capability ${add[j]}`, at("securityContext", "capabilities", "add", j));
        }
      });
    },
  ),
  workloadRule(
    {
      id: "MLPS3-POD-007",
      title: "Read-only root file system",
      pack: "mlps3",
      severity: "low",
      clause: INTRUSION,
      description: "A read-only root file system keeps an intruder from changing the container's programs; writable data goes to volumes.",
      remediation: "Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir for the paths the program writes (e.g. /tmp).",
    },
    L3,
    (t, report) =>
      forEachContainer(
        t,
        (c, at, list) => {
          if (c.securityContext?.readOnlyRootFilesystem !== true) report(`${containerLabel(c, list)} has a writable root file system`, at("securityContext", "readOnlyRootFilesystem"));
        },
        APP_LISTS,
      ),
  ),
];
