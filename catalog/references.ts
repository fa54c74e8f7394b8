/**
 * Cross-reference checks over a schema-valid estate: everything a JSON Schema cannot say.
 * Pure: the estate and today's date in, diagnostics out.
 */
import type { ValidateFunction } from "ajv/dist/2020.js";
import { daysBetween as days } from "./dates.js";
import { diagnostic, type Diagnostic } from "./diagnostics.js";
import { compileParameters } from "./kinds.js";
import { sharedNamespace } from "../kube/index.js";
import { namespaceOf, type Estate, type SourcePosition } from "./model.js";
import { addQuota, requestQuota, zeroQuota, type Quota } from "./quota.js";
import { schemaDiagnostics } from "./schema-diagnostics.js";
import { migrationEvidenceProblems, neverOnCloud } from "./migration.js";

export interface Unresolved {
  readonly systems: ReadonlySet<string>;
  readonly offerings: ReadonlySet<string>;
  /** Some estate file failed to load: its clouds, sites and departments may be missing. */
  readonly estate: boolean;
}

export interface ReferenceOptions {
  readonly today: string;
  readonly changed?: readonly string[];
  /** The policy rules' ids, when the caller knows them: an exception must name one. */
  readonly ruleIds?: readonly string[];
  readonly unresolved?: Unresolved;
}

/** Names listed for a hint, closest first when the list is long. */
function suggest(wanted: string, names: Iterable<string>): string {
  const all = [...names];
  const close = all.filter(
    (n) => n.includes(wanted) || wanted.includes(n) || n.split("-").some((p) => p.length > 2 && wanted.includes(p)),
  );
  const shown = (close.length ? close : all).slice(0, 12);
  return shown.join(", ") + (all.length > shown.length && !close.length ? ", …" : "");
}

function duplicates<T>(
  items: readonly T[],
  key: (t: T) => string,
  at: (t: T) => SourcePosition,
  what: string,
  code: string,
): Diagnostic[] {
  const seen = new Map<string, T>();
  const out: Diagnostic[] = [];
  for (const item of items) {
    const k = key(item);
    const prev = seen.get(k);
    if (prev) {
      const p = at(prev);
      out.push(
        diagnostic(
          at(item),
          code,
          `${what} "${k}" is already defined at ${p.file}:${p.line}`,
          `give it another name, or remove one of the two`,
        ),
      );
    } else seen.set(k, item);
  }
  return out;
}

/** What the sections of checkReferences share: the estate, its division lookups, and where diagnostics go. */
interface Refs {
  readonly estate: Estate;
  readonly index: Estate["index"];
  readonly province: string;
  readonly cities: ReadonlyMap<string, Estate["divisions"]["doc"]["spec"]["cities"][number]>;
  readonly counties: ReadonlyMap<
    string,
    { readonly county: Estate["divisions"]["doc"]["spec"]["cities"][number]["counties"][number]; readonly city: string }
  >;
  readonly out: { push(...list: Diagnostic[]): void };
  readonly options: ReferenceOptions;
}

export function checkReferences(estate: Estate, options: ReferenceOptions): Diagnostic[] {
  const found: Diagnostic[] = [];
  const unresolved = options.unresolved;
  // Unknown references into documents that failed to load are consequences, not causes.
  const out = {
    push(...list: Diagnostic[]) {
      for (const d of list) {
        if (unresolved?.estate && /^ref-unknown-(cloud|department|site|division)$/.test(d.code)) continue;
        if (d.code === "ref-unknown-system" && [...(unresolved?.systems ?? [])].some((s) => d.message.includes(s)))
          continue;
        if (
          d.code === "ref-unknown-offering" &&
          [...(unresolved?.offerings ?? [])].some((o) => d.message.includes(`"${o}"`))
        )
          continue;
        found.push(d);
      }
    },
  };
  const { index } = estate;
  const province = estate.estate.doc.spec.province.code;
  const cities = new Map(estate.divisions.doc.spec.cities.map((c) => [c.code, c]));
  const counties = new Map(
    estate.divisions.doc.spec.cities.flatMap((c) =>
      c.counties.map((k) => [k.code, { county: k, city: c.code }] as const),
    ),
  );
  const refs: Refs = { estate, index, province, cities, counties, out, options };
  checkDivisions(refs);
  checkClouds(refs);
  checkBodies(refs);
  checkDepartments(refs);
  checkNetworkDocument(refs);
  const paramValidators = checkOfferings(refs);
  checkRequests(refs, paramValidators);
  checkExceptions(refs);
  return found;
}

/** Division codes: unique, and under their parents. */
function checkDivisions(refs: Refs): void {
  const { estate, province, cities, counties, out } = refs;
  const div = estate.divisions;
  const allDivisionCodes = div.doc.spec.cities.flatMap((c, ci) => [
    { code: c.code, path: ["spec", "cities", ci, "code"] },
    ...c.counties.map((k, ki) => ({ code: k.code, path: ["spec", "cities", ci, "counties", ki, "code"] })),
  ]);
  out.push(
    ...duplicates(
      allDivisionCodes,
      (d) => d.code,
      (d) => div.locate(d.path),
      "division code",
      "duplicate-division",
    ),
  );
  div.doc.spec.cities.forEach((c, ci) => {
    if (c.code.slice(0, 2) !== province.slice(0, 2) || !c.code.endsWith("00")) {
      out.push(
        diagnostic(
          div.locate(["spec", "cities", ci, "code"]),
          "division-parent-mismatch",
          `city ${c.code} is not a city code of province ${province}`,
          `a city code starts with ${province.slice(0, 2)} and ends with 00`,
        ),
      );
    }
    c.counties.forEach((k, ki) => {
      if (k.code.slice(0, 4) !== c.code.slice(0, 4) || k.code === c.code) {
        out.push(
          diagnostic(
            div.locate(["spec", "cities", ci, "counties", ki, "code"]),
            "division-parent-mismatch",
            `county ${k.code} (${k.name}) is not under city ${c.code}`,
            `a county code of ${c.name} starts with ${c.code.slice(0, 4)}`,
          ),
        );
      }
      if (k.villages && k.villages.length !== k.streets + k.towns + k.townships) {
        out.push(
          diagnostic(
            div.locate(["spec", "cities", ci, "counties", ki, "villages"]),
            "division-villages-count",
            `${k.name} lists villages for ${k.villages.length} townships but has ${k.streets + k.towns + k.townships}`,
            "give one number per township-level unit, or remove the list to use the estate average",
          ),
        );
      }
    });
  });
}

/** Cloud nodes: names, sites, divisions, industry, site shares, backends. */
function checkClouds(refs: Refs): void {
  const { estate, province, cities, out } = refs;
  out.push(
    ...duplicates(
      estate.clouds,
      (c) => c.doc.metadata.name,
      (c) => c.locate(["metadata", "name"]),
      "cloud node",
      "duplicate-name",
    ),
  );
  const sites = estate.clouds.flatMap((c) => c.doc.spec.sites.map((s, si) => ({ c, s, si })));
  out.push(
    ...duplicates(
      sites,
      (x) => x.s.name,
      (x) => x.c.locate(["spec", "sites", x.si, "name"]),
      "site",
      "duplicate-site",
    ),
  );
  for (const c of estate.clouds) {
    const s = c.doc.spec;
    if (s.tier === "city" && !cities.has(s.division)) {
      out.push(
        diagnostic(
          c.locate(["spec", "division"]),
          "ref-unknown-division",
          `city cloud ${c.doc.metadata.name} names division ${s.division}, which is not a city of the estate`,
          `use one of: ${[...cities.keys()].join(", ")}`,
        ),
      );
    }
    if (s.tier !== "city" && s.division !== province) {
      out.push(
        diagnostic(
          c.locate(["spec", "division"]),
          "ref-unknown-division",
          `a ${s.tier} cloud serves the province, ${province}, not ${s.division}`,
          `write division: "${province}"`,
        ),
      );
    }
    if ((s.tier === "industry") !== (s.industry !== undefined)) {
      out.push(
        diagnostic(
          c.locate(["spec", s.industry !== undefined ? "industry" : "tier"]),
          "cloud-industry",
          s.tier === "industry"
            ? "an industry cloud must say which industry it serves"
            : `only an industry cloud has an industry`,
          s.tier === "industry" ? 'add "industry:"' : 'remove "industry:"',
        ),
      );
    }
    s.sites.forEach((site, si) => {
      if (!cities.has(site.city)) {
        out.push(
          diagnostic(
            c.locate(["spec", "sites", si, "city"]),
            "ref-unknown-division",
            `site ${site.name} stands in ${site.city}, which is not a city of the estate`,
            `use one of: ${[...cities.keys()].join(", ")}`,
          ),
        );
      }
    });
    const share = s.sites.reduce((a, x) => a + x.capacityShare, 0);
    if (Math.abs(share - 1) > 1e-6) {
      out.push(
        diagnostic(
          c.locate(["spec", "sites"]),
          "cloud-site-shares",
          `the capacity shares of ${c.doc.metadata.name}'s sites add up to ${+share.toFixed(4)}, not 1`,
          "adjust capacityShare so that the sites of a node add up to 1",
        ),
      );
    }
    if (s.backend?.type === "pg" && !s.backend.connStr) {
      out.push(
        diagnostic(
          c.locate(["spec", "backend"]),
          "cloud-backend",
          "a pg backend needs connStr",
          "add connStr: postgres://host/db, or use type: local",
        ),
      );
    }
  }
}

/** Bodies of the estate (operators, bureaus) and the cloud operators that name them. */
function checkBodies(refs: Refs): void {
  const { estate, out } = refs;
  const bodies = estate.estate.doc.spec.bodies ?? [];
  const bodyIds = new Set(bodies.map((b) => b.id));
  bodies.forEach((b, i) => {
    if (bodies.findIndex((x) => x.id === b.id) !== i)
      out.push(
        diagnostic(
          estate.estate.locate(["spec", "bodies", i, "id"]),
          "duplicate-name",
          `body "${b.id}" is defined twice`,
          "give it another id, or remove one of the two",
        ),
      );
  });
  for (const c of estate.clouds) {
    const op = c.doc.spec.operator;
    if (op !== undefined && !bodyIds.has(op)) {
      out.push(
        diagnostic(
          c.locate(["spec", "operator"]),
          "ref-unknown-body",
          `operator "${op}" is not a body of the estate`,
          bodyIds.size ? `use one of: ${suggest(op, bodyIds)}` : "declare it under estate.spec.bodies",
        ),
      );
    }
  }
}

/** Departments: names, home clouds, cities. */
function checkDepartments(refs: Refs): void {
  const { estate, index, cities, out } = refs;
  out.push(
    ...duplicates(
      estate.departments,
      (d) => d.doc.metadata.name,
      (d) => d.locate(["metadata", "name"]),
      "department",
      "duplicate-name",
    ),
  );
  for (const d of estate.departments) {
    const s = d.doc.spec;
    if (!index.cloud.has(s.homeCloud)) {
      out.push(
        diagnostic(
          d.locate(["spec", "homeCloud"]),
          "ref-unknown-cloud",
          `home cloud "${s.homeCloud}" does not exist`,
          `use one of: ${suggest(s.homeCloud, index.cloud.keys())}`,
        ),
      );
    }
    if (s.level === "municipal" && s.city === undefined) {
      out.push(
        diagnostic(
          d.locate(["spec", "level"]),
          "department-city-missing",
          "a municipal department must name its city",
          `add "city:" with one of: ${[...cities.keys()].join(", ")}`,
        ),
      );
    }
    if (s.city !== undefined && !cities.has(s.city)) {
      out.push(
        diagnostic(
          d.locate(["spec", "city"]),
          "ref-unknown-division",
          `city ${s.city} is not a city of the estate`,
          `use one of: ${[...cities.keys()].join(", ")}`,
        ),
      );
    }
  }
}

/** The Network document: planes, backbone links, IPv6 planes of links. */
function checkNetworkDocument(refs: Refs): void {
  const { estate, province, cities, counties, out } = refs;
  const net = estate.network;
  out.push(
    ...duplicates(
      net.doc.spec.planes.map((p, i) => ({ p, i })),
      (x) => x.p.name,
      (x) => net.locate(["spec", "planes", x.i, "name"]),
      "plane",
      "duplicate-name",
    ),
  );
  net.doc.spec.backbone.forEach((l, i) => {
    const parentOk = l.from === province ? cities.has(l.to) : cities.has(l.from) && counties.get(l.to)?.city === l.from;
    if (!parentOk) {
      out.push(
        diagnostic(
          net.locate(["spec", "backbone", i]),
          "backbone-link-invalid",
          `link ${l.from} -> ${l.to} does not join a division to one of its children`,
          "a backbone link joins the province to a city, or a city to one of its counties",
        ),
      );
    }
    for (const [pi, p] of (l.ipv6 ?? []).entries()) {
      if (!net.doc.spec.planes.some((x) => x.name === p)) {
        out.push(
          diagnostic(
            net.locate(["spec", "backbone", i, "ipv6", pi]),
            "ref-unknown-plane",
            `plane "${p}" does not exist`,
            `use one of: ${net.doc.spec.planes.map((x) => x.name).join(", ")}`,
          ),
        );
      }
    }
  });
}

/** Offerings: names, parameter schemas (compiled once, returned for the requests), quota terms. */
function checkOfferings(refs: Refs): Map<string, ValidateFunction> {
  const { estate, out } = refs;
  out.push(
    ...duplicates(
      estate.offerings,
      (o) => o.doc.metadata.name,
      (o) => o.locate(["metadata", "name"]),
      "offering",
      "duplicate-name",
    ),
  );
  const paramValidators = new Map<string, ValidateFunction>();
  for (const o of estate.offerings) {
    try {
      paramValidators.set(o.doc.metadata.name, compileParameters(o.doc.spec.parameters as object));
    } catch (e) {
      out.push(
        diagnostic(
          o.locate(["spec", "parameters"]),
          "offering-parameters-schema",
          `the parameters schema does not compile: ${(e as Error).message}`,
          "fix the JSON Schema under spec.parameters",
        ),
      );
    }
    const props = (o.doc.spec.parameters as { properties?: Record<string, { type?: string }> }).properties ?? {};
    for (const [res, term] of Object.entries(o.doc.spec.quota)) {
      if (typeof term === "number") continue;
      for (const key of ["param", "times"] as const) {
        const p = term[key];
        if (p !== undefined && !["integer", "number"].includes(props[p]?.type ?? "")) {
          out.push(
            diagnostic(
              o.locate(["spec", "quota", res, key]),
              "offering-quota-param",
              `quota ${res} uses "${p}", which is not a numeric parameter of the offering`,
              `use one of: ${Object.keys(props)
                .filter((k) => ["integer", "number"].includes(props[k]?.type ?? ""))
                .join(", ")}`,
            ),
          );
        }
      }
    }
  }
  return paramValidators;
}

/** Requests: names, namespaces, clouds, sites, offerings and their parameters, then capacity per cloud. */
function checkRequests(refs: Refs, paramValidators: ReadonlyMap<string, ValidateFunction>): void {
  const { estate, index, out } = refs;
  // Where a name was first taken, worked out only when it is taken again: positions cost a parse.
  const namespaces = new Map<string, () => SourcePosition>();
  for (const d of estate.departments) {
    if (d.doc.spec.sharedNamespace)
      namespaces.set(sharedNamespace(d.doc.metadata.name), () => d.locate(["spec", "sharedNamespace"]));
  }
  const systems = new Map<string, () => SourcePosition>();
  const used = new Map<string, { quota: Quota; requests: { name: string; quota: Quota }[] }>();
  for (const r of estate.requests) {
    const s = r.doc.spec;
    const name = r.doc.metadata.name;
    const [, folder, file] = r.source.file.split("/");
    if (folder !== s.department) {
      out.push(
        diagnostic(
          r.locate(["spec", "department"]),
          "request-folder-mismatch",
          `the request names department "${s.department}" but lives in requests/${folder}/`,
          `a department may only change its own folder: move the file to requests/${s.department}/, or correct the department`,
        ),
      );
    }
    const base = file?.replace(/\.ya?ml$/, "");
    if (base !== name) {
      out.push(
        diagnostic(
          r.locate(["metadata", "name"]),
          "request-file-name",
          `the system is "${name}" but the file is ${file}`,
          `rename the file to ${name}.yaml, or correct metadata.name`,
        ),
      );
    }
    const key = `${s.department}/${name}`;
    const nameAt = () => r.locate(["metadata", "name"]);
    const prev = systems.get(key)?.();
    if (prev)
      out.push(
        diagnostic(
          nameAt(),
          "duplicate-system",
          `system ${key} is already defined at ${prev.file}:${prev.line}`,
          "give the system another id",
        ),
      );
    else systems.set(key, nameAt);
    const ns = namespaceOf(r.doc);
    if (ns.length > 63) {
      out.push(
        diagnostic(
          r.locate(["metadata", "name"]),
          "namespace-too-long",
          `the namespace ${ns} is ${ns.length} characters, more than 63`,
          `shorten the system id to at most ${63 - s.department.length - 1} characters`,
        ),
      );
    }
    const other = namespaces.get(ns)?.();
    if (other && !prev) {
      out.push(
        diagnostic(
          r.locate(["metadata", "name"]),
          "namespace-collision",
          `the namespace ${ns} is already taken by ${other.file}:${other.line}`,
          "choose a system id whose <department>-<system> namespace is free",
        ),
      );
    } else namespaces.set(ns, nameAt);

    const dept = index.department.get(s.department);
    if (!dept) {
      out.push(
        diagnostic(
          r.locate(["spec", "department"]),
          "ref-unknown-department",
          `department "${s.department}" does not exist`,
          `use one of: ${suggest(s.department, index.department.keys())}`,
        ),
      );
    }
    const cloud = index.cloud.get(s.cloud);
    if (!cloud) {
      out.push(
        diagnostic(
          r.locate(["spec", "cloud"]),
          "ref-unknown-cloud",
          `cloud "${s.cloud}" does not exist`,
          `use one of: ${suggest(s.cloud, index.cloud.keys())}`,
        ),
      );
    } else {
      if (s.site !== undefined && !cloud.doc.spec.sites.some((x) => x.name === s.site)) {
        out.push(
          diagnostic(
            r.locate(["spec", "site"]),
            "ref-unknown-site",
            `site "${s.site}" is not a site of cloud ${s.cloud}`,
            `use one of: ${cloud.doc.spec.sites.map((x) => x.name).join(", ")}`,
          ),
        );
      }
      if (s.mlpsLevel > cloud.doc.spec.maxMlpsLevel) {
        out.push(
          diagnostic(
            r.locate(["spec", "mlpsLevel"]),
            "mlps-above-cloud",
            `an MLPS level ${s.mlpsLevel} system cannot run on ${s.cloud}, a level ${cloud.doc.spec.maxMlpsLevel} platform`,
            mlpsCloudHint(
              s.mlpsLevel,
              [...index.cloud.values()].map((c) => c.doc),
            ),
          ),
        );
      }
    }
    const serviceNames = new Map<string, number>();
    let paramsInvalid = false;
    s.services.forEach((svc, si) => {
      const at = (...p: (string | number)[]) => r.locate(["spec", "services", si, ...p]);
      if (serviceNames.has(svc.name)) {
        out.push(
          diagnostic(
            at("name"),
            "duplicate-service",
            `service "${svc.name}" appears twice in the system`,
            "give each service of a system its own name",
          ),
        );
      }
      serviceNames.set(svc.name, si);
      const o = index.offering.get(svc.offering);
      if (!o) {
        out.push(
          diagnostic(
            at("offering"),
            "ref-unknown-offering",
            `offering "${svc.offering}" is not in the service catalogue`,
            `use one of: ${suggest(svc.offering, index.offering.keys())}`,
          ),
        );
        return;
      }
      if (cloud && !o.doc.spec.cloudKinds.includes(cloud.doc.spec.tier)) {
        out.push(
          diagnostic(
            at("offering"),
            "offering-not-on-cloud",
            `${svc.offering} is not offered on ${cloud.doc.spec.tier} clouds such as ${s.cloud}`,
            `it is offered on: ${o.doc.spec.cloudKinds.join(", ")} clouds; choose another offering or cloud`,
          ),
        );
      }
      if (s.mlpsLevel > o.doc.spec.maxMlpsLevel) {
        out.push(
          diagnostic(
            at("offering"),
            "mlps-above-offering",
            `${svc.offering} supports systems up to MLPS level ${o.doc.spec.maxMlpsLevel}, this system is level ${s.mlpsLevel}`,
            `choose an offering of the same category certified for level ${s.mlpsLevel}`,
          ),
        );
      }
      const validate = paramValidators.get(svc.offering);
      if (validate && !validate(svc.params)) {
        paramsInvalid = true;
        out.push(
          ...schemaDiagnostics(
            validate.errors ?? [],
            r.locate,
            r.source.file,
            ["spec", "services", si, "params"],
            "params",
          ),
        );
      }
    });
    const mig = s.migration;
    if (mig?.inventoried !== undefined && mig.deadline !== undefined && mig.deadline < mig.inventoried) {
      out.push(
        diagnostic(
          r.locate(["spec", "migration", "deadline"]),
          "migration-deadline-before-inventory",
          `the migration deadline ${mig.deadline} is before the system entered the inventory on ${mig.inventoried}`,
          "correct the deadline (or the inventoried date): a deadline cannot precede its own record",
        ),
      );
    }
    if (mig !== undefined)
      for (const p of migrationEvidenceProblems(mig, refs.options.today))
        out.push(diagnostic(r.locate(p.path), p.code ?? "migration-phase-without-evidence", p.message, p.hint));
    if (s.usage?.supersededBy !== undefined && !index.request.has(s.usage.supersededBy)) {
      out.push(
        diagnostic(
          r.locate(["spec", "usage", "supersededBy"]),
          "ref-unknown-system",
          `system ${s.usage.supersededBy} does not exist`,
          "name an existing <department>/<system>",
        ),
      );
    }
    // A request whose parameters are invalid has no meaningful quota: counting it would add a capacity
    // error on the node before the real cause (vcpu: 10000 above the offering's maximum of 64).
    // An exempt system stays off the cloud and a retired one released its resources: neither reserves
    // capacity. Systems still to migrate (inventoried, assessed) do: the node must hold room for them.
    if (cloud && !paramsInvalid && !neverOnCloud(s)) {
      const q = requestQuota(r.doc, index.offering);
      const u = used.get(s.cloud) ?? { quota: zeroQuota(), requests: [] };
      addQuota(u.quota, q);
      u.requests.push({ name: key, quota: q });
      used.set(s.cloud, u);
    }
  }
  for (const c of estate.clouds) {
    const u = used.get(c.doc.metadata.name);
    if (!u) continue;
    const cap = c.doc.spec.capacity;
    const limits = [
      ["vcpu", cap.vcpu, u.quota.vcpu, "vCPU"],
      ["memoryGiB", cap.memoryGiB, u.quota.memoryGiB, "GiB memory"],
      ["storageTiB", cap.storageTiB, u.quota.storageGiB / 1024, "TiB storage"],
    ] as const;
    for (const [field, capacity, requested, unit] of limits) {
      if (requested > capacity) {
        const res = field === "storageTiB" ? "storageGiB" : field;
        const top = [...u.requests].sort((a, b) => b.quota[res] - a.quota[res]).slice(0, 3);
        out.push(
          diagnostic(
            c.locate(["spec", "capacity", field]),
            "capacity-exceeded",
            `requests on ${c.doc.metadata.name} need ${+requested.toFixed(2)} ${unit}, more than its capacity of ${capacity} (short by ${+(requested - capacity).toFixed(2)})`,
            `move systems to another node or add capacity; the largest are ${top.map((t) => `${t.name} (${+(field === "storageTiB" ? t.quota.storageGiB / 1024 : t.quota[res]).toFixed(2)})`).join(", ")}`,
          ),
        );
      }
    }
  }
}

/** Exceptions: names, subjects, dates. */
function checkExceptions(refs: Refs): void {
  const { estate, index, out, options } = refs;
  out.push(
    ...duplicates(
      estate.exceptions,
      (e) => e.doc.metadata.name,
      (e) => e.locate(["metadata", "name"]),
      "exception",
      "duplicate-name",
    ),
  );
  const changed = new Set(options.changed ?? []);
  const ruleIds = options.ruleIds ? new Set(options.ruleIds) : undefined;
  for (const e of estate.exceptions) {
    const s = e.doc.spec;
    const subj = s.subject;
    if (ruleIds && !ruleIds.has(s.rule)) {
      out.push(
        diagnostic(
          e.locate(["spec", "rule"]),
          "ref-unknown-rule",
          `rule "${s.rule}" does not exist, so this exception excepts nothing`,
          `use one of: ${suggest(s.rule, ruleIds.keys())} (govcloud check --format json lists every rule)`,
        ),
      );
    }
    if (subj.department !== undefined && !index.department.has(subj.department)) {
      out.push(
        diagnostic(
          e.locate(["spec", "subject", "department"]),
          "ref-unknown-department",
          `department "${subj.department}" does not exist`,
          `use one of: ${suggest(subj.department, index.department.keys())}`,
        ),
      );
    } else if (
      subj.system !== undefined &&
      subj.department !== undefined &&
      !index.request.has(`${subj.department}/${subj.system}`)
    ) {
      out.push(
        diagnostic(
          e.locate(["spec", "subject", "system"]),
          "ref-unknown-system",
          `system ${subj.department}/${subj.system} does not exist`,
          "name a system of the department (its request's metadata.name)",
        ),
      );
    }
    if (subj.cloud !== undefined && !index.cloud.has(subj.cloud)) {
      out.push(
        diagnostic(
          e.locate(["spec", "subject", "cloud"]),
          "ref-unknown-cloud",
          `cloud "${subj.cloud}" does not exist`,
          `use one of: ${suggest(subj.cloud, index.cloud.keys())}`,
        ),
      );
    }
    const span = days(s.approved, s.expires);
    if (span < 0) {
      out.push(
        diagnostic(
          e.locate(["spec", "expires"]),
          "exception-expires-before-approval",
          `the exception expires on ${s.expires}, before it was approved on ${s.approved}`,
          "correct the dates",
        ),
      );
    } else if (span > 366) {
      out.push(
        diagnostic(
          e.locate(["spec", "expires"]),
          "exception-too-long",
          `the exception runs ${span} days; exceptions last at most one year`,
          "set expires within a year of approved, and renew it then if still needed",
        ),
      );
    }
    if (days(options.today, s.approved) > 0) {
      out.push(
        diagnostic(
          e.locate(["spec", "approved"]),
          "exception-approved-in-future",
          `the exception is dated ${s.approved}, after today (${options.today})`,
          "use the date the security team approved it",
        ),
      );
    }
    if (days(s.expires, options.today) > 0) {
      const arriving = changed.has(e.source.file);
      out.push(
        diagnostic(
          e.locate(["spec", "expires"]),
          arriving ? "exception-expired-on-arrival" : "exception-expired",
          `the exception expired on ${s.expires}${arriving ? ", before this change adds it" : "; the finding it covered is raised again"}`,
          arriving
            ? "set a future expiry date approved by the security team"
            : "renew it with a new approval, or remove it once the finding is fixed",
          arriving ? "error" : "warning",
        ),
      );
    }
  }
}

/** Where a system of this MLPS level may run, or that no node of the estate may host it. */
function mlpsCloudHint(
  level: number,
  clouds: readonly { metadata: { name: string }; spec: { maxMlpsLevel: number } }[],
): string {
  const fit = clouds.filter((c) => c.spec.maxMlpsLevel >= level).map((c) => c.metadata.name);
  if (fit.length > 0)
    return `choose a cloud graded at level ${level} or above: ${fit.slice(0, 6).join(", ")}${fit.length > 6 ? `, … (${fit.length} in all)` : ""}`;
  const top = Math.max(0, ...clouds.map((c) => c.spec.maxMlpsLevel));
  return `no cloud node of this estate is graded above MLPS level ${top}, so none may host a level ${level} system: check the grading (定级) and lower mlpsLevel if it allows, or host the system outside this cloud`;
}
