/**
 * Which systems a change touches (`check --changed`): a request file is its system; an exception is
 * the systems its subject covers; an offering is the systems that use it; an estate file changes the
 * context of every system, so the whole estate is judged.
 */
import { namespaceOf, systemKey, type Estate } from "../../catalog/index.js";

export interface Touched {
  /** Systems (`<department>/<system>`) to judge. */
  readonly systems: ReadonlySet<string>;
  /** The change touches the estate itself: judge everything. */
  readonly whole: boolean;
  /** Changed paths that are not catalog documents, or no longer exist (deleted requests). */
  readonly ignored: readonly string[];
}

/** `changed` are catalog-relative, '/'-separated paths. */
export function touchedSystems(estate: Estate, changed: readonly string[]): Touched {
  const systems = new Set<string>();
  const ignored: string[] = [];
  let whole = false;
  const byFile = new Map<string, string[]>();
  const add = (file: string, key: string) => {
    const list = byFile.get(file);
    if (list) list.push(key);
    else byFile.set(file, [key]);
  };
  for (const r of estate.requests) add(r.source.file, systemKey(r.doc));
  const exceptions = new Map(estate.exceptions.map((e) => [e.source.file, e]));
  const offerings = new Map(estate.offerings.map((o) => [o.source.file, o.doc.metadata.name]));

  for (const path of changed) {
    if (path.startsWith(`estates/${estate.name}/`)) {
      whole = true;
      continue;
    }
    const own = byFile.get(path);
    if (own) {
      for (const k of own) systems.add(k);
      continue;
    }
    const e = exceptions.get(path);
    if (e) {
      const s = e.doc.spec.subject;
      for (const r of estate.requests) {
        const d = r.doc.spec;
        if (s.department !== undefined && d.department !== s.department) continue;
        if (s.system !== undefined && r.doc.metadata.name !== s.system) continue;
        if (s.cloud !== undefined && d.cloud !== s.cloud) continue;
        if (s.namespace !== undefined && namespaceOf(r.doc) !== s.namespace) continue;
        systems.add(systemKey(r.doc));
      }
      continue;
    }
    const offering = offerings.get(path);
    if (offering !== undefined) {
      for (const r of estate.requests)
        if (r.doc.spec.services.some((x) => x.offering === offering)) systems.add(systemKey(r.doc));
      continue;
    }
    ignored.push(path);
  }
  return { systems, whole, ignored };
}
