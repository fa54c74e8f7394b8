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

/** An empty object or array at the end of a line of JSON.stringify's output (a string value ends in a quote). */
const EMPTY = /(\{\}|\[\])(?=,?(?:\n|$))/g;

/** The same text as `stableJson(value, level)`, for an object or array. */
export function fastStableJson(value: object, level = 0): string {
  let copy: unknown;
  try {
    copy = sorted(value);
  } catch (e) {
    if (e instanceof Unsortable) return stableJson(value, level)!;
    throw e;
  }
  let text = JSON.stringify(copy, null, 2);
  if (text.includes("{}") || text.includes("[]")) {
    const source = text;
    text = source.replace(EMPTY, (empty: string, _g: string, at: number) => {
      const lineStart = source.lastIndexOf("\n", at) + 1;
      let spaces = 0;
      while (source.charCodeAt(lineStart + spaces) === 32) spaces++;
      return `${empty[0]}\n${" ".repeat(spaces)}${empty[1]}`;
    });
  }
  return level === 0 ? text : text.replaceAll("\n", indent(level));
}
