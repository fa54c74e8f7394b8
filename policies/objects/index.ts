/**
 * Kubernetes objects from YAML text (`check --objects`, like `kyverno apply`): multi-document files,
 * `List` kinds unwrapped, each object with the file and line it starts at. Documents that are empty
 * or hold only comments (`---` then nothing, or `## section` lines, as Helm writes them) are skipped,
 * as kubectl skips them. A bad document (a YAML error, a scalar, a list, an object without apiVersion,
 * kind or metadata.name) is a Diagnostic, and the other documents are still read.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from "yaml";
import { diagnostic, type Diagnostic, type SourcePosition } from "../../catalog/index.js";
import type { KubeObject } from "../../kube/index.js";
import type { ObjectInput } from "../engine/index.js";

export interface ParsedObjects {
  readonly objects: ObjectInput[];
  readonly diagnostics: Diagnostic[];
}

function asObject(value: unknown): KubeObject | string {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return "the document is not a mapping";
  const v = value as Record<string, unknown>;
  if (typeof v.apiVersion !== "string" || v.apiVersion === "") return "the object has no apiVersion";
  if (typeof v.kind !== "string" || v.kind === "") return "the object has no kind";
  const meta = v.metadata as Record<string, unknown> | undefined;
  if (!meta || typeof meta !== "object" || typeof meta.name !== "string" || meta.name === "") return `the ${v.kind} has no metadata.name`;
  return v as unknown as KubeObject;
}

/**
 * Where a field of the object starting at `root` is: the key of the deepest existing entry on the
 * path (a reader looks for the key), or the list item.
 */
function locator(root: Node, at: (offset: number) => SourcePosition): (path: readonly (string | number)[]) => SourcePosition {
  return (path) => {
    let node: unknown = root;
    let found: Node = root;
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        found = pair.key as Node;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === "number" && node.items[seg] !== undefined) {
        node = node.items[seg];
        found = node as Node;
      } else break;
    }
    return at(found.range?.[0] ?? 0);
  };
}

/** An empty or comment-only document: the parser gives it an implicit null scalar with no text. */
function isEmptyDocument(contents: Node): boolean {
  if (!isScalar(contents) || contents.value !== null) return false;
  const [start, end] = contents.range ?? [0, 0];
  return start === end;
}

/** Parses one file's text; `file` is how positions name it. */
export function parseObjects(file: string, text: string): ParsedObjects {
  const lineCounter = new LineCounter();
  const objects: ObjectInput[] = [];
  const diagnostics: Diagnostic[] = [];
  const at = (offset: number): SourcePosition => {
    const p = lineCounter.linePos(offset);
    return { file, line: p.line, column: p.col };
  };
  for (const doc of parseAllDocuments(text, { lineCounter, prettyErrors: false })) {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) diagnostics.push(diagnostic(at(e.pos[0]), `yaml-${e.code.toLowerCase().replace(/_/g, "-")}`, e.message.split("\n")[0]!, "fix the YAML syntax at this position"));
      continue;
    }
    const contents = doc.contents as Node | null;
    if (contents === null || isEmptyDocument(contents)) continue;
    const start = at(contents.range?.[0] ?? 0);
    const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
    const kind = (value as { kind?: unknown } | null)?.kind;
    if (typeof kind === "string" && kind.endsWith("List") && isMap(contents)) {
      const items = contents.get("items", true);
      const list = (value as { items?: unknown }).items;
      if (Array.isArray(list) && isSeq(items)) {
        list.forEach((item, i) => {
          const node = items.items[i] as Node | undefined;
          const pos = node?.range ? at(node.range[0]) : start;
          const o = asObject(item);
          if (typeof o === "string") diagnostics.push(diagnostic(pos, "object-invalid", o, "each item of a List is a Kubernetes object with apiVersion, kind and metadata.name"));
          else objects.push({ object: o, source: pos, ...(node ? { locate: locator(node, at) } : {}) });
        });
        continue;
      }
    }
    const o = asObject(value);
    if (typeof o === "string") diagnostics.push(diagnostic(start, "object-invalid", o, "a Kubernetes object has apiVersion, kind and metadata.name"));
    else objects.push({ object: o, source: start, locate: locator(contents, at) });
  }
  return { objects, diagnostics };
}
