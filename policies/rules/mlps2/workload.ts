/**
 * Workload hardening at MLPS level 2 (等保二级) and above: the Pod Security Standards *baseline*
 * profile (kubernetes.io/docs/concepts/security/pod-security-standards), control by control, over
 * Pods and every pod controller; resource requests and limits; images from approved registries,
 * pinned by digest so that what runs is exactly what was scanned.
 */
import { containerLabel, forEachContainer, type ContainerList } from "../../../kube/index.js";
import { workloadRule } from "../workload.js";
import { mlps } from "../../sources.js";
import type { Rule } from "../../types.js";

const ACCESS = mlps("7.1.4.2", "GB/T 22239-2019 7.1.4.2 d) (grant the least privilege needed), with the Kubernetes Pod Security Standards control as its concrete form for containers (baseline profile)");
const INTRUSION = mlps("7.1.4.4", "GB/T 22239-2019 7.1.4.4 (minimal installation; close unneeded services and ports), with the Kubernetes Pod Security Standards control as its concrete form for containers (baseline profile)");
const REGISTRY = mlps("7.1.4.4", "GB/T 22239-2019 7.1.4.4 (install only what is needed; known vulnerabilities found and fixed): only images the platform scanned, i.e. from the approved registries");
const TRUSTED = mlps("7.1.4.6", "GB/T 22239-2019 7.1.4.6 (programs verified against a trusted reference): a sha256 digest as the reference of an image");
const L2 = 2;

/** Capabilities the baseline profile allows a container to add (the container runtime's default set). */
const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
]);

/** The "safe" sysctls of the baseline profile (namespaced and isolated between pods), as of Kubernetes 1.32. */
const SAFE_SYSCTLS: ReadonlySet<string> = new Set([
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
  "net.ipv4.tcp_rmem",
  "net.ipv4.tcp_wmem",
]);

/** SELinux types the baseline profile allows. */
const SELINUX_TYPES: ReadonlySet<string> = new Set(["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"]);
const APPARMOR_TYPES: ReadonlySet<string> = new Set(["RuntimeDefault", "Localhost"]);
const APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/";
const SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
const SECCOMP_CONTAINER_ANNOTATION = "container.seccomp.security.alpha.kubernetes.io/";
const HOST_NAMESPACES = [["hostNetwork", "network"], ["hostPID", "process (PID)"], ["hostIPC", "IPC"]] as const;
/** `@sha256:` and 64 hex digits. */
const DIGEST = /@sha256:[0-9a-f]{64}$/;
const RESOURCE_LISTS: readonly ContainerList[] = ["containers", "initContainers"];

export const rules: readonly Rule[] = [
  workloadRule(
    {
      id: "MLPS2-POD-001",
      title: "No privileged containers",
      pack: "mlps2",
      severity: "critical",
      clause: ACCESS,
      description: "A privileged container disables nearly every isolation mechanism and holds root on the node, reaching every tenant on it (PSS baseline: Privileged Containers).",
      remediation: "Remove securityContext.privileged (or set it to false); grant only the specific capability the process needs.",
    },
    L2,
    (t, report) =>
      forEachContainer(t, (c, at, list) => {
        if (c.securityContext?.privileged === true) report(`${containerLabel(c, list)} runs privileged`, at("securityContext", "privileged"));
      }),
  ),
  workloadRule(
    {
      id: "MLPS2-POD-002",
      title: "No host namespaces",
      pack: "mlps2",
      severity: "high",
      clause: ACCESS,
      description: "Sharing the node's network, PID or IPC namespace lets a pod see and reach other tenants' traffic and processes (PSS baseline: Host Namespaces).",
      remediation: "Remove hostNetwork, hostPID and hostIPC from the pod spec (or set them to false); expose the workload through a Service.",
    },
    L2,
    (t, report) => {
      for (const [field, what] of HOST_NAMESPACES) {
        if (t.spec[field] === true) report(`the pod shares the node's ${what} namespace`, [...t.specPath, field]);
      }
    },
  ),
  workloadRule(
    {
      id: "MLPS2-POD-003",
      title: "No hostPath volumes",
      pack: "mlps2",
      severity: "high",
      clause: ACCESS,
      description: "A hostPath volume mounts the node's file system into the pod: other tenants' data, the kubelet's credentials, the container runtime socket (PSS baseline: HostPath Volumes).",
      remediation: "Use a persistentVolumeClaim, emptyDir, configMap or secret volume instead of hostPath.",
    },
    L2,
    (t, report) => {
      const vols = t.spec.volumes ?? [];
      for (let i = 0; i < vols.length; i++) {
        const v = vols[i]!;
        if (v.hostPath !== undefined && v.hostPath !== null) report(`volume "${v.name}" mounts the node's path ${v.hostPath.path ?? ""}`.trimEnd(), [...t.specPath, "volumes", i, "hostPath"]);
      }
    },
  ),
  workloadRule(
    {
      id: "MLPS2-POD-004",
      title: "No host ports",
      pack: "mlps2",
      severity: "medium",
      clause: INTRUSION,
      description: "A hostPort opens a port on the node's own address, bypassing the tenant's network policies and the zone firewalls (PSS baseline: Host Ports).",
      remediation: "Remove hostPort from the container ports; publish the port through a Service (and an ingress on the gateway when users need it).",
    },
    L2,
    (t, report) =>
      forEachContainer(t, (c, at, list) => {
        const ports = c.ports ?? [];
        for (let j = 0; j < ports.length; j++) {
          const hp = ports[j]!.hostPort;
          if (hp !== undefined && hp !== 0) report(`${containerLabel(c, list)} binds host port ${hp}`, at("ports", j, "hostPort"));
        }
      }),
  ),
  workloadRule(
    {
      id: "MLPS2-POD-005",
      title: "No capabilities beyond the default set",
      pack: "mlps2",
      severity: "high",
      clause: ACCESS,
      description: "Capabilities such as SYS_ADMIN, NET_ADMIN or SYS_PTRACE give a container powers over the node's kernel; only the container runtime's default set may be added (PSS baseline: Capabilities).",
      remediation: "Remove the capability from securityContext.capabilities.add; allowed: AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT.",
    },
    L2,
    (t, report) =>
      forEachContainer(t, (c, at, list) => {
        const add = c.securityContext?.capabilities?.add ?? [];
        for (let j = 0; j < add.length; j++) {
          if (!BASELINE_CAPABILITIES.has(add[j]!)) report(`${containerLabel(c, list)} adds capability ${add[j]}`, at("securityContext", "capabilities", "add", j));
        }
      }),
  ),
  workloadRule(
    {
      id: "MLPS2-POD-006",
      title: "Default /proc mount",
      pack: "mlps2",
      severity: "medium",
      clause: ACCESS,
      description: "An Unmasked /proc exposes kernel interfaces the runtime normally masks (PSS baseline: /proc Mount Type).",
      remediation: "Remove securityContext.procMount or set it to Default.",
    },
    L2,
    (t, report) =>
      forEachContainer(t, (c, at, list) => {
        const pm = c.securityContext?.procMount;
        if (pm !== undefined && pm !== "Default") report(`${containerLabel(c, list)} mounts /proc ${pm}`, at("securityContext", "procMount"));
      }),
  ),
  workloadRule(
    {
      id: "MLPS2-POD-007",
      title: "AppArmor not disabled or overridden",
      pack: "mlps2",
      severity: "medium",
      clause: INTRUSION,
      description: "The runtime's default AppArmor profile confines what a container can do on the node; it may not be turned off (PSS baseline: AppArmor).",
      remediation: "Use appArmorProfile type RuntimeDefault or Localhost (annotation values runtime/default or localhost/<profile>), never Unconfined.",
    },
    L2,
    (t, report) => {
      const podType = t.spec.securityContext?.appArmorProfile?.type;
      if (podType !== undefined && !APPARMOR_TYPES.has(podType)) report(`the pod's AppArmor profile is ${podType}`, [...t.specPath, "securityContext", "appArmorProfile", "type"]);
      forEachContainer(t, (c, at, list) => {
        const type = c.securityContext?.appArmorProfile?.type;
        if (type !== undefined && !APPARMOR_TYPES.has(type)) report(`${containerLabel(c, list)} runs with AppArmor profile ${type}`, at("securityContext", "appArmorProfile", "type"));
      });
      const ann = t.metadata?.annotations;
      if (ann) {
        for (const key in ann) {
          if (!key.startsWith(APPARMOR_ANNOTATION)) continue;
          const v = ann[key]!;
          if (v !== "runtime/default" && !v.startsWith("localhost/")) report(`annotation ${key} sets AppArmor profile ${v}`, [...t.metadataPath, "annotations", key]);
        }
      }
    },
  ),
  workloadRule(
    {
      id: "MLPS2-POD-008",
      title: "No custom SELinux options",
      pack: "mlps2",
      severity: "medium",
      clause: ACCESS,
      description: "Setting an SELinux user or role, or a type other than the container types, escapes the label-based confinement of containers (PSS baseline: SELinux).",
      remediation: "Remove seLinuxOptions.user and .role; use type container_t, container_init_t, container_kvm_t or container_engine_t, or leave it unset.",
    },
    L2,
    (t, report) => {
      const check = (o: { type?: string; user?: string; role?: string } | undefined, who: string, at: (...rest: string[]) => readonly (string | number)[]) => {
        if (!o) return;
        if (o.type !== undefined && !SELINUX_TYPES.has(o.type)) report(`${who} sets SELinux type ${o.type}`, at("type"));
        if (o.user !== undefined && o.user !== "") report(`${who} sets SELinux user ${o.user}`, at("user"));
        if (o.role !== undefined && o.role !== "") report(`${who} sets SELinux role ${o.role}`, at("role"));
      };
      check(t.spec.securityContext?.seLinuxOptions, "the pod", (...rest) => [...t.specPath, "securityContext", "seLinuxOptions", ...rest]);
      forEachContainer(t, (c, at, list) => check(c.securityContext?.seLinuxOptions, containerLabel(c, list), (...rest) => at("securityContext", "seLinuxOptions", ...rest)));
    },
  ),
  workloadRule(
    {
      id: "MLPS2-POD-009",
      title: "Seccomp not Unconfined",
      pack: "mlps2",
      severity: "medium",
      clause: INTRUSION,
      description: "Seccomp filters the system calls a container can make; turning it off opens the whole kernel attack surface (PSS baseline: Seccomp).",
      remediation: "Set seccompProfile.type to RuntimeDefault (or Localhost with a reviewed profile); never Unconfined.",
    },
    L2,
    (t, report) => {
      if (t.spec.securityContext?.seccompProfile?.type === "Unconfined") report("the pod's seccomp profile is Unconfined", [...t.specPath, "securityContext", "seccompProfile", "type"]);
      forEachContainer(t, (c, at, list) => {
        if (c.securityContext?.seccompProfile?.type === "Unconfined") report(`${containerLabel(c, list)} runs with seccomp Unconfined`, at("securityContext", "seccompProfile", "type"));
      });
      const ann = t.metadata?.annotations;
      if (ann) {
        for (const key in ann) {
          if ((key === SECCOMP_POD_ANNOTATION || key.startsWith(SECCOMP_CONTAINER_ANNOTATION)) && ann[key] === "unconfined") {
            report(`annotation ${key} turns seccomp off`, [...t.metadataPath, "annotations", key]);
          }
        }
      }
    },
  ),
  workloadRule(
    {
      id: "MLPS2-POD-010",
      title: "Only safe sysctls",
      pack: "mlps2",
      severity: "medium",
      clause: INTRUSION,
      description: "Sysctls outside the safe, pod-namespaced set change the node's kernel for every tenant on it (PSS baseline: Sysctls).",
      remediation: `Remove the sysctl from spec.securityContext.sysctls; allowed: ${[...SAFE_SYSCTLS].join(", ")}.`,
    },
    L2,
    (t, report) => {
      const sysctls = t.spec.securityContext?.sysctls ?? [];
      for (let i = 0; i < sysctls.length; i++) {
        const name = sysctls[i]!.name;
        if (!SAFE_SYSCTLS.has(name)) report(`the pod sets unsafe sysctl ${name}`, [...t.specPath, "securityContext", "sysctls", i, "name"]);
      }
    },
  ),
  workloadRule(
    {
      id: "MLPS2-POD-011",
      title: "No Windows HostProcess containers",
      pack: "mlps2",
      severity: "high",
      clause: ACCESS,
      description: "A HostProcess container runs directly on the Windows node with the node's privileges (PSS baseline: HostProcess).",
      remediation: "Remove windowsOptions.hostProcess (or set it to false) at pod and container level.",
    },
    L2,
    (t, report) => {
      if (t.spec.securityContext?.windowsOptions?.hostProcess === true) report("the pod runs as a Windows HostProcess pod", [...t.specPath, "securityContext", "windowsOptions", "hostProcess"]);
      forEachContainer(t, (c, at, list) => {
        if (c.securityContext?.windowsOptions?.hostProcess === true) report(`${containerLabel(c, list)} is a Windows HostProcess container`, at("securityContext", "windowsOptions", "hostProcess"));
      });
    },
  ),
  workloadRule(
    {
      id: "MLPS2-RES-001",
      title: "Resource requests and limits on every container",
      pack: "mlps2",
      severity: "medium",
      clause: mlps("8.2.4.3", "GB/T 22239-2019 8.2.4.3 a) (detect failures of resource isolation between virtual machines), applied from level 2 to containers sharing a node; the 2019 edition has no resource-control (资源控制) item, which GB/T 22239-2008 had"),
      description: "Without CPU and memory requests and limits a container can starve its neighbours on a shared node and its scheduling does not count against the department's quota.",
      remediation: "Set resources.requests.cpu, resources.requests.memory, resources.limits.cpu and resources.limits.memory on every container and init container.",
    },
    L2,
    (t, report) =>
      forEachContainer(
        t,
        (c, at, list) => {
          const missing: string[] = [];
          const req = c.resources?.requests;
          const lim = c.resources?.limits;
          if (req?.cpu === undefined) missing.push("requests.cpu");
          if (req?.memory === undefined) missing.push("requests.memory");
          if (lim?.cpu === undefined) missing.push("limits.cpu");
          if (lim?.memory === undefined) missing.push("limits.memory");
          if (missing.length > 0) report(`${containerLabel(c, list)} sets no ${missing.join(", ")}`, c.resources === undefined ? at() : at("resources"));
        },
        RESOURCE_LISTS,
      ),
  ),
  workloadRule(
      {
        id: "MLPS2-IMG-001",
        title: "Images from the approved registries",
        pack: "mlps2",
        severity: "high",
        clause: REGISTRY,
        description: "Only images from the estate's approved registries (estate.spec.policy.approvedRegistries) have been scanned and hardened; anything else is unvetted software on the platform.",
        remediation: "Push the image to an approved registry (estate.spec.policy.approvedRegistries) and reference it from there.",
      },
      L2,
      (t, report, ctx) => {
        const prefixes = ctx.facts!.registries;
        forEachContainer(t, (c, at, list) => {
          const image = c.image ?? "";
          let ok = false;
          for (const p of prefixes) if (image.startsWith(p)) ok = true;
          if (!ok) report(image === "" ? `${containerLabel(c, list)} names no image` : `${containerLabel(c, list)} pulls ${image}, not from an approved registry (${prefixes.join(", ")})`, at("image"));
        });
      },
      // The approved registries come from the estate: without one the rule cannot judge.
      { needsEstate: true },
    ),
  workloadRule(
    {
      id: "MLPS2-IMG-002",
      title: "Images pinned by digest",
      pack: "mlps2",
      severity: "medium",
      clause: TRUSTED,
      description: "A tag can be moved to other content after review; an image referenced by its sha256 digest is exactly the image that was scanned and approved.",
      remediation: "Reference the image as registry/name@sha256:<digest> (a tag may stay in front of the digest for readability).",
    },
    L2,
    (t, report) =>
      forEachContainer(t, (c, at, list) => {
        const image = c.image ?? "";
        if (!DIGEST.test(image)) report(`${containerLabel(c, list)} image ${image || "(none)"} is not pinned by a sha256 digest`, at("image"));
      }),
  ),
];
