/**
 * Kubernetes objects from YAML text (`check --objects`, like `kyverno apply`): multi-document files,
 * `List` kinds unwrapped, each object with the file and line it starts at. Documents that are empty
 * or hold only comments are skipped, as kubectl skips them. A bad document (a scalar, a list, an object
 * without apiVersion, kind or metadata.name) is a Diagnostic, and the other documents are still read.
 */
import { diagnostic, parseYaml, sortDiagnostics, type Diagnostic } from "../../catalog/index.js";
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
  if (!meta || typeof meta !== "object" || typeof meta.name !== "string" || meta.name === "")
    return `the ${v.kind} has no metadata.name`;
  return v as unknown as KubeObject;
}

/**
 * The largest object document read: Kubernetes itself stores no object above 1.5 MiB (etcd's default
 * request limit; a ConfigMap's data is capped at 1 MiB), so a larger document is not a manifest, and
 * refusing it before parsing bounds the time and memory one document can cost.
 */
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;

/** The first document of `text` above MAX_OBJECT_BYTES, found by a scan for `---` lines. */
function oversizeDocument(file: string, text: string): Diagnostic | undefined {
  if (text.length <= MAX_OBJECT_BYTES / 3) return undefined; // UTF-8 takes at most 3 bytes per UTF-16 unit
  const marker = /^---(?=[ \t\r\n]|$)/gm;
  const starts = [0];
  for (let m = marker.exec(text); m; m = marker.exec(text)) if (m.index > 0) starts.push(m.index);
  starts.push(text.length);
  for (let i = 0; i + 1 < starts.length; i++) {
    const bytes = Buffer.byteLength(text.slice(starts[i], starts[i + 1]), "utf8");
    if (bytes > MAX_OBJECT_BYTES) {
      const line = text.slice(0, starts[i]).split("\n").length;
      return diagnostic(
        { file, line, column: 1 },
        "object-too-large",
        `the YAML document starting here is ${bytes} bytes; Kubernetes stores no object above ${MAX_OBJECT_BYTES} bytes (1.5 MiB)`,
        "split the data over several objects (a ConfigMap holds at most 1 MiB), or leave generated data out of the manifests",
      );
    }
  }
  return undefined;
}

/**
 * Parses one file's text; `file` is how positions name it. The catalog's reader does the YAML: its
 * fast path for well-formed input, linear key checks, the alias-bomb guard and the diagnostics that
 * name a typing mistake where it is.
 */
export function parseObjects(file: string, text: string): ParsedObjects {
  const objects: ObjectInput[] = [];
  const tooLarge = oversizeDocument(file, text);
  if (tooLarge) return { objects, diagnostics: [tooLarge] };
  const parsed = parseYaml(file, text);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  for (const doc of parsed.documents) {
    // A field is located at its key, where a reader looks.
    const locateAt = (prefix: readonly (string | number)[]) => (path: readonly (string | number)[]) =>
      doc.locate([...prefix, ...path], { key: true });
    const value = doc.value;
    // Empty or comment-only documents (`---` then nothing, or only `## section` lines, as Helm writes
    // them) are skipped, as kubectl skips them.
    if (value === null || value === undefined) continue;
    const kind = (value as { kind?: unknown } | null)?.kind;
    const list = (value as { items?: unknown } | null)?.items;
    if (typeof kind === "string" && kind.endsWith("List") && Array.isArray(list)) {
      list.forEach((item, i) => {
        const pos = doc.locate(["items", i]);
        const o = asObject(item);
        if (typeof o === "string")
          diagnostics.push(
            diagnostic(
              pos,
              "object-invalid",
              o,
              "each item of a List is a Kubernetes object with apiVersion, kind and metadata.name",
            ),
          );
        else objects.push({ object: o, source: pos, locate: locateAt(["items", i]) });
      });
      continue;
    }
    const o = asObject(value);
    if (typeof o === "string")
      diagnostics.push(
        diagnostic(doc.source, "object-invalid", o, "a Kubernetes object has apiVersion, kind and metadata.name"),
      );
    else objects.push({ object: o, source: doc.source, locate: locateAt([]) });
  }
  return { objects, diagnostics: sortDiagnostics(diagnostics) };
}
