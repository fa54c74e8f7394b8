/**
 * The JSON text cdktf writes (it uses json-stable-stringify 1.x with `{ space: 2 }`): keys sorted by
 * UTF-16 code units, two-space indent, an empty object or array written over two lines ("{\n  }"),
 * `undefined` members left out (and written `null` in arrays), no trailing newline. `level` is the
 * nesting depth the value is written at, so that a piece of a larger document can be written alone.
 *
 * `stableJson` is the reference; `fastStableJson` gives the same text through the native
 * JSON.stringify of a key-sorted copy (several times faster) and falls back to `stableJson` where
 * the two could differ: an object with an integer-like key, which JSON.stringify writes first.
 */
const INDENT: string[] = [];
export const indent = (level: number): string => (INDENT[level] ??= `\n${"  ".repeat(level)}`);

export function stableJson(value: unknown, level = 0): string | undefined {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const inner = indent(level + 1);
  let out = "";
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) out += `${i ? "," : ""}${inner}${stableJson(value[i], level + 1) ?? "null"}`;
    return `[${out}${indent(level)}]`;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === "function")
    return stableJson((value as { toJSON: () => unknown }).toJSON(), level);
  const keys = Object.keys(value).sort();
  let first = true;
  for (const k of keys) {
    const text = stableJson((value as Record<string, unknown>)[k], level + 1);
    if (text === undefined) continue;
    out += `${first ? "" : ","}${inner}${JSON.stringify(k)}: ${text}`;
    first = false;
  }
  return `{${out}${indent(level)}}`;
}

const INTEGER_KEY = /^(?:0|[1-9][0-9]*)$/;
class Unsortable extends Error {}

/** A copy with every object's keys in code-unit order (the original where it already is). */
function sorted(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const c = sorted(value[i]);
      if (c !== value[i]) (out ??= value.slice())[i] = c;
    }
    return out ?? value;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") throw new Unsortable();
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let changed = false;
  const children = new Array<unknown>(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (INTEGER_KEY.test(k)) throw new Unsortable();
    const v = record[k];
    children[i] = sorted(v);
    if (children[i] !== v || (i > 0 && keys[i - 1]! > k)) changed = true;
  }
  if (!changed) return value;
  const order = keys.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : 1));
  const out: Record<string, unknown> = {};
  for (const i of order) out[keys[i]!] = children[i];
  return out;
}

/**
 * JSON.stringify's "{}" and "[]" at the end of a line (a string value ends in a quote, so these are
 * values) written over two lines, the closing one indented as the line that opens it.
 */
function openEmpty(text: string): string {
  let brace = text.indexOf("{}");
  let bracket = text.indexOf("[]");
  let out = "";
  let done = 0;
  while (brace !== -1 || bracket !== -1) {
    const at = bracket === -1 || (brace !== -1 && brace < bracket) ? brace : bracket;
    const next = text.charCodeAt(at + 2);
    const after = next === 44 /* , */ ? text.charCodeAt(at + 3) : next;
    if (Number.isNaN(after) || after === 10 /* \n */) {
      const lineStart = text.lastIndexOf("\n", at) + 1;
      let spaces = 0;
      while (text.charCodeAt(lineStart + spaces) === 32) spaces++;
      out += `${text.slice(done, at + 1)}\n${" ".repeat(spaces)}`;
      done = at + 1;
    }
    if (at === brace) brace = text.indexOf("{}", at + 2);
    else bracket = text.indexOf("[]", at + 2);
  }
  return done === 0 ? text : out + text.slice(done);
}

/** The same text as `stableJson(value, level)`, for an object or array. */
export function fastStableJson(value: object, level = 0): string {
  let copy: unknown;
  try {
    copy = sorted(value);
  } catch (e) {
    if (e instanceof Unsortable) return stableJson(value, level)!;
    throw e;
  }
  const text = openEmpty(JSON.stringify(copy, null, 2));
  return level === 0 ? text : text.replaceAll("\n", indent(level));
}

/**
 * The members of an object written at `level` (`"key": value` pairs joined by "," and the line break
 * before each), as `stableJson` writes them inside the object's braces: the text of
 * `stableJson(record, level)` without its first "{" and line break and its last line break and "}".
 * One JSON.stringify of the key-sorted copy nested `level` arrays deep, so the text comes indented
 * as it stands (no re-indenting copy); `stableJson` where the two could differ (see `fastStableJson`).
 */
export function fastStableMembers(record: Readonly<Record<string, unknown>>, level: number): string {
  let copy: unknown;
  try {
    copy = sorted(record);
  } catch (e) {
    if (!(e instanceof Unsortable)) throw e;
    const text = stableJson(record, level)!;
    return text.slice(1 + indent(level + 1).length, text.length - indent(level).length - 1);
  }
  for (let i = 0; i < level; i++) copy = [copy];
  const text = openEmpty(JSON.stringify(copy, null, 2));
  // Each enclosing array and the object open with a bracket and a line break one level deeper, and
  // close with a line break at their own level and a bracket.
  let head = 0;
  let tail = 0;
  for (let i = 0; i <= level; i++) {
    head += 1 + indent(i + 1).length;
    tail += indent(i).length + 1;
  }
  return text.slice(head, text.length - tail);
}
