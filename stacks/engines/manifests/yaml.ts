/**
 * A YAML writer for plain JSON data (what Kubernetes manifests are), about 25 times faster than the
 * `yaml` library's general-purpose stringify, which dominated `plan` at 10x. Block style throughout;
 * a string is written plain only when every YAML reader — 1.2 core and the 1.1 schema of go-yaml v2
 * that kubectl and kustomize use — reads it back as the same string; otherwise double-quoted, with
 * JSON's escapes (valid in YAML). tests/stacks/yaml.test.ts checks the round trip against `yaml`.
 */

/** Plain-safe: starts with a letter or '/', then letters, digits and `_ . / -`, no trailing space. */
const PLAIN = /^[A-Za-z/][A-Za-z0-9_./-]*$/;
/** Words YAML 1.1 reads as booleans, nulls or special floats. */
const RESERVED =
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|\.inf|\.Inf|\.INF|\.nan|\.NaN|\.NAN|[eE][0-9][0-9_]*)$/;

export function yamlString(s: string): string {
  return PLAIN.test(s) && !RESERVED.test(s) ? s : JSON.stringify(s);
}

/** Keys repeat in every object: their YAML form is kept (bounded, as keys taken from data can be many). */
const KEY_TEXT = new Map<string, string>();
const KEYS_KEPT = 4096;

function yamlKey(k: string): string {
  let text = KEY_TEXT.get(k);
  if (text === undefined) {
    text = yamlString(k);
    if (KEY_TEXT.size < KEYS_KEPT) KEY_TEXT.set(k, text);
  }
  return text;
}

function scalar(v: unknown): string | undefined {
  if (v === null) return "null";
  switch (typeof v) {
    case "string":
      return yamlString(v);
    case "number":
      return Number.isFinite(v) ? String(v) : JSON.stringify(String(v));
    case "boolean":
      return v ? "true" : "false";
    case "object":
      if (Array.isArray(v)) return v.length === 0 ? "[]" : undefined;
      return Object.keys(v).length === 0 ? "{}" : undefined;
  }
  return undefined;
}

/**
 * A block (a non-empty array or object) as lines, each starting with `indent`, except the first,
 * which starts with `first` (the "- " of an array item in the enclosing block). Appended to `out`.
 */
function write(v: unknown, indent: string, first: string, out: string): string {
  let lead = first;
  if (Array.isArray(v)) {
    const deeper = `${indent}  `;
    for (const item of v) {
      const s = scalar(item);
      if (s !== undefined) out += `${lead}- ${s}\n`;
      else out = write(item, deeper, `${lead}- `, out);
      lead = indent;
    }
    return out;
  }
  const record = v as Record<string, unknown>;
  for (const k of Object.keys(record)) {
    const item = record[k];
    if (item === undefined) continue;
    const s = scalar(item);
    if (s !== undefined) out += `${lead}${yamlKey(k)}: ${s}\n`;
    else {
      out += `${lead}${yamlKey(k)}:\n`;
      const deeper = `${indent}  `;
      out = write(item, deeper, deeper, out);
    }
    lead = indent;
  }
  return out;
}

/** One YAML document for a JSON value (an object or an array at the top). */
export function toYaml(value: unknown): string {
  const s = scalar(value);
  if (s !== undefined) return `${s}\n`;
  return write(value, "", "", "");
}
