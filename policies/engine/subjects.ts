/**
 * What a finding is about, in the terms an exception or a scope speaks: department, system, cloud,
 * namespace, kind and name. Built once per evaluation from the estate.
 */
import type { Estate } from "../../catalog/index.js";
import { LABELS, namespaceOf, systemKey, systemKeyOf, systemNamespace } from "../../kube/index.js";
import type { Subject } from "../types.js";

export interface SubjectFacts {
  readonly department?: string;
  readonly system?: string;
  readonly cloud?: string;
  readonly namespace?: string;
  readonly kind?: string;
  readonly name?: string;
}

export class SubjectIndex {
  constructor(readonly estate?: Estate) {}

  /** The system (`<department>/<system>`) an object namespace belongs to, from the estate or the object's labels. */
  systemOfNamespace(namespace: string | undefined, labels?: Readonly<Record<string, string>>): string | undefined {
    const r = namespace !== undefined ? this.estate?.index.namespace.get(namespace) : undefined;
    if (r) return systemKey(r.doc);
    const d = labels?.[LABELS.department];
    const s = labels?.[LABELS.system];
    return d && s ? systemKeyOf(d, s) : undefined;
  }

  facts(subject: Subject, labels?: Readonly<Record<string, string>>): SubjectFacts {
    if (subject.type === "catalog") {
      const { department, system, cloud } = subject;
      return {
        ...(department !== undefined ? { department } : {}),
        ...(system !== undefined ? { system } : {}),
        ...(cloud !== undefined ? { cloud } : {}),
        ...(department !== undefined && system !== undefined ? { namespace: systemNamespace(department, system) } : {}),
      };
    }
    const namespace = subject.kind === "Namespace" ? subject.name : subject.namespace;
    const key = this.systemOfNamespace(namespace, labels);
    const request = key ? this.estate?.index.request.get(key) : undefined;
    const [department, system] = key ? key.split("/") : [undefined, undefined];
    const cloud = labels?.[LABELS.cloud] ?? request?.doc.spec.cloud;
    return {
      ...(department !== undefined ? { department } : {}),
      ...(system !== undefined ? { system } : {}),
      ...(cloud !== undefined ? { cloud } : {}),
      ...(namespace !== undefined ? { namespace } : {}),
      kind: subject.kind,
      name: subject.name,
    };
  }
}

/** The systems a change touches, and the departments and clouds they belong to. */
export class Scope {
  readonly departments = new Set<string>();
  readonly clouds = new Set<string>();
  readonly namespaces = new Set<string>();

  constructor(
    readonly systems: ReadonlySet<string>,
    estate: Estate | undefined,
  ) {
    for (const key of systems) {
      const r = estate?.index.request.get(key);
      const [department] = key.split("/");
      this.departments.add(department!);
      if (r) {
        this.clouds.add(r.doc.spec.cloud);
        this.namespaces.add(namespaceOf(r.doc));
      }
    }
  }

  /** Whether a subject described by these facts belongs to the judged part of the estate. */
  covers(f: SubjectFacts): boolean {
    if (f.department !== undefined && f.system !== undefined) return this.systems.has(`${f.department}/${f.system}`);
    if (f.namespace !== undefined) return this.namespaces.has(f.namespace);
    if (f.cloud !== undefined) return this.clouds.has(f.cloud);
    if (f.department !== undefined) return this.departments.has(f.department);
    return false;
  }
}
