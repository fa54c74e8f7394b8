/** Label selectors (`=`, `==`, `!=`, `in`, `notin`, `key`, `!key`) and field selectors (metadata.name, metadata.namespace). */
import { errors } from "./status.js";

type Requirement = { key: string; op: "in" | "notin"; values: Set<string> } | { key: string; op: "exists" | "!exists" };

export type Matcher = (obj: KubeObj) => boolean;
export interface KubeObj {
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [k: string]: unknown };
  [k: string]: unknown;
}

const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Splits at commas outside parentheses. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of s) {
    if (ch === "(") depth++;
    else if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out.map((p) => p.trim()).filter((p) => p !== "");
}

function checkKey(key: string, selector: string): void {
  if (!LABEL_KEY.test(key) || key.length > 317)
    throw errors.badRequest(`unable to parse requirement: invalid label key "${key}": in selector "${selector}"`);
}
function checkValue(v: string, selector: string): void {
  if (!LABEL_VALUE.test(v) || v.length > 63)
    throw errors.badRequest(`unable to parse requirement: invalid label value: "${v}": in selector "${selector}"`);
}

export function parseLabelSelector(selector: string | null | undefined): Matcher | undefined {
  if (!selector) return undefined;
  const reqs: Requirement[] = [];
  for (const part of splitTop(selector)) {
    let m: RegExpExecArray | null;
    if ((m = /^(\S+?)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part))) {
      const key = m[1]!;
      checkKey(key, selector);
      const values = m[3]!
        .split(",")
        .map((v) => v.trim())
        .filter((v) => v !== "");
      values.forEach((v) => checkValue(v, selector));
      reqs.push({ key, op: m[2] as "in" | "notin", values: new Set(values) });
    } else if ((m = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(part))) {
      const key = m[1]!;
      checkKey(key, selector);
      checkValue(m[3]!, selector);
      reqs.push({ key, op: m[2] === "!=" ? "notin" : "in", values: new Set([m[3]!]) });
    } else if ((m = /^!\s*(\S+)$/.exec(part))) {
      checkKey(m[1]!, selector);
      reqs.push({ key: m[1]!, op: "!exists" });
    } else if (/^\S+$/.test(part)) {
      checkKey(part, selector);
      reqs.push({ key: part, op: "exists" });
    } else {
      throw errors.badRequest(`unable to parse requirement: found '${part}', expected: in, notin, =, ==, !=, gt, lt`);
    }
  }
  return (obj) => {
    const labels = obj.metadata.labels ?? {};
    for (const r of reqs) {
      const has = Object.prototype.hasOwnProperty.call(labels, r.key);
      switch (r.op) {
        case "in":
          if (!has || !r.values.has(labels[r.key]!)) return false;
          break;
        case "notin":
          if (has && r.values.has(labels[r.key]!)) return false;
          break;
        case "exists":
          if (!has) return false;
          break;
        case "!exists":
          if (has) return false;
          break;
      }
    }
    return true;
  };
}

/** Field selectors: metadata.name and metadata.namespace (every kind supports these), `=`, `==`, `!=`. */
export function parseFieldSelector(selector: string | null | undefined, kind: string): Matcher | undefined {
  if (!selector) return undefined;
  const tests: Matcher[] = [];
  for (const part of splitTop(selector)) {
    const m = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!m) throw errors.badRequest(`invalid selector: '${selector}'; can't understand '${part}'`);
    const [, field, op, value] = m as unknown as [string, string, string, string];
    let get: (o: KubeObj) => string;
    if (field === "metadata.name") get = (o) => o.metadata.name;
    else if (field === "metadata.namespace") get = (o) => o.metadata.namespace ?? "";
    else throw errors.badRequest(`field label not supported: ${field}`);
    void kind;
    tests.push(op === "!=" ? (o) => get(o) !== value : (o) => get(o) === value);
  }
  return (o) => tests.every((t) => t(o));
}
