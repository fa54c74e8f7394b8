/**
 * Level 3 duties beyond level 2 that the catalog can express: admission enforces the restricted
 * profile, a security officer other than the owner answers for the system, and backups can leave the
 * city.
 *
 * Not expressed here because the request schema cannot say it (and inventing fields would be
 * unfounded): two-factor administrator authentication with a cryptographic factor (8.1.4.1 d),
 * separation of management and tenant traffic (8.2.2.1). DR capability levels are the dr pack's;
 * tenant-held keys (8.2.4.5) and cryptography in transit and at rest are the crypto pack's.
 */
import type { Loaded, SystemRequest } from "../../../catalog/index.js";
import { isTenantNamespace, podSecurityEnforce } from "../../../kube/index.js";
import { NONE } from "../workload.js";
import { mlps } from "../../sources.js";
import type { Rule } from "../../types.js";

/** Cities of the sites a system's primary may run at: its declared site, else every site of its cloud node. */
function primaryCities(request: Loaded<SystemRequest>, sites: readonly { readonly name: string; readonly city: string }[]): Set<string> {
  const site = request.doc.spec.site;
  const chosen = site === undefined ? sites : sites.filter((s) => s.name === site);
  return new Set(chosen.map((s) => s.city));
}

export const rules: readonly Rule[] = [
  {
    id: "MLPS3-PSA-001",
    title: "Pod Security admission enforces restricted",
    pack: "mlps3",
    severity: "high",
    clause: mlps("8.1.4.2", "GB/T 22239-2019 8.1.4.2 (access control): the Pod Security admission controller enforcing the restricted profile the workload rules check"),
    target: "object",
    kinds: ["Namespace"],
    description: "A level 3 system's namespace makes the Pod Security admission controller enforce the restricted profile, so that no pod outside it is admitted whatever manifest is applied.",
    remediation: "Label the namespace pod-security.kubernetes.io/enforce: restricted, with a pinned enforce-version.",
    check(ctx) {
      const { object } = ctx;
      if (!isTenantNamespace(object.metadata.name) || ctx.level < 3) return NONE;
      const mode = podSecurityEnforce(object);
      if (mode === "restricted") return NONE;
      return [{ message: `namespace ${object.metadata.name} of a level 3 system ${mode === undefined ? "has no Pod Security admission level" : `enforces "${mode}", not "restricted"`}`, path: ["metadata", "labels"] }];
    },
  },
  {
    id: "MLPS3-ORG-001",
    title: "A security officer besides the owner",
    pack: "mlps3",
    severity: "medium",
    clause: mlps("8.1.7.1", "GB/T 22239-2019 8.1.7.1 b) (posts of system, audit and security administrators): the request names a security contact other than the owner"),
    target: "request",
    description: "At level 3 the security administrator's post is separate from the system's: the request names a security contact (安全负责人) who is not the system owner (系统负责人).",
    remediation: "Add spec.securityContact naming the person accountable for the system's security, someone other than spec.owner.",
    check({ request }) {
      const s = request.doc.spec;
      if (s.mlpsLevel < 3) return NONE;
      if (!s.securityContact) return [{ message: `a level 3 system names no security contact besides its owner ${s.owner.name}`, path: ["spec", "owner"] }];
      if (s.securityContact.email.toLowerCase() !== s.owner.email.toLowerCase() && s.securityContact.name !== s.owner.name) return NONE;
      return [{ message: `the security contact ${s.securityContact.name} is the system owner: the security post is not separate`, path: ["spec", "securityContact"] }];
    },
  },
  {
    id: "MLPS3-BAK-001",
    title: "Remote backup destination available",
    pack: "mlps3",
    severity: "high",
    clause: mlps("8.1.4.9", "GB/T 22239-2019 8.1.4.9 b) (remote backup of important data over the network): a site with object storage in another city to send it to"),
    target: "request",
    description: "A level 3 system backs its important data up to another place (异地备份): some site with object storage in a city other than the one the system runs in. The required DR capability level is the dr pack's concern.",
    remediation: "Have the platform operator enable object storage (objectStorage: true) at a site in another city, or place the system at a site outside the only city that offers it.",
    check({ estate, request }) {
      const s = request.doc.spec;
      if (s.mlpsLevel < 3) return NONE;
      const cloud = estate.index.cloud.get(s.cloud);
      if (!cloud) return NONE;
      const home = primaryCities(request, cloud.doc.spec.sites);
      for (const c of estate.clouds) for (const site of c.doc.spec.sites) if (site.objectStorage && !home.has(site.city)) return NONE;
      return [{ message: `no site with object storage lies outside ${[...home].sort().join(", ")}, where ${s.cloud} runs the system: its backups cannot leave the city`, path: s.site !== undefined ? ["spec", "site"] : ["spec", "cloud"] }];
    },
  },
];
