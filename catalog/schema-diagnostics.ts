/** Turns ajv errors into diagnostics at the exact YAML node, with a hint drawn from the schema. */
import { diagnostic, type Diagnostic } from "./diagnostics.js";
import type { SchemaError } from "./kinds.js";
import type { DocPath, Locator } from "./model.js";

export function pathOf(instancePath: string): (string | number)[] {
  if (instancePath === "") return [];
  return instancePath
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

export function showPath(path: DocPath): string {
  if (path.length === 0) return "the document";
  return path.reduce<string>(
    (acc, seg) => (typeof seg === "number" ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg),
    "",
  );
}

type SchemaNode = { properties?: Record<string, { description?: string }>; description?: string; enum?: unknown[] };

function describe(e: SchemaError): string {
  const parent = e.parentSchema as SchemaNode | undefined;
  return parent?.description ? ` (${parent.description})` : "";
}

/**
 * One diagnostic per problem. Branch errors of oneOf/anyOf are folded into one "matches none of"
 * diagnostic per node, since listing every failed branch says little.
 */
export function schemaDiagnostics(
  errors: readonly SchemaError[],
  locate: Locator,
  file: string,
  base: DocPath = [],
  codePrefix = "schema",
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const branches = new Map<string, string[]>();
  // A value of the wrong type also fails its enum/pattern/format: the type error says it all.
  const mistyped = new Set(errors.filter((e) => e.keyword === "type").map((e) => e.instancePath));
  for (const e of errors) {
    if (e.keyword !== "type" && mistyped.has(e.instancePath) && e.keyword !== "required") continue;
    const path = [...base, ...pathOf(e.instancePath)];
    const where = showPath(path);
    if (/\/(oneOf|anyOf)\/\d+\//.test(e.schemaPath) || e.keyword === "oneOf" || e.keyword === "anyOf") {
      const list = branches.get(e.instancePath) ?? [];
      if (e.keyword !== "oneOf" && e.keyword !== "anyOf") list.push(e.message ?? e.keyword);
      branches.set(e.instancePath, list);
      continue;
    }
    const at = (p: DocPath, key = false) => locate(p, { key });
    switch (e.keyword) {
      case "required": {
        const missing = String((e.params as { missingProperty: string }).missingProperty);
        const desc = (e.parentSchema as SchemaNode | undefined)?.properties?.[missing]?.description;
        out.push(
          diagnostic(
            at(path),
            `${codePrefix}-required`,
            `${where} is missing the required field "${missing}"`,
            `add "${missing}:"${desc ? ` — ${desc}` : ""}`,
          ),
        );
        break;
      }
      case "additionalProperties": {
        const extra = String((e.params as { additionalProperty: string }).additionalProperty);
        const allowed = Object.keys((e.parentSchema as SchemaNode | undefined)?.properties ?? {});
        out.push(
          diagnostic(
            at([...path, extra], true),
            `${codePrefix}-unknown-field`,
            `"${extra}" is not a field of ${where}`,
            allowed.length ? `remove it or use one of: ${allowed.join(", ")}` : "remove it",
          ),
        );
        break;
      }
      case "enum": {
        const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
        out.push(
          diagnostic(
            at(path),
            `${codePrefix}-enum`,
            `${where} has the value ${JSON.stringify(e.data)}, which is not allowed`,
            `use one of: ${allowed.map((v) => JSON.stringify(v)).join(", ")}${describe(e)}`,
          ),
        );
        break;
      }
      case "const": {
        const allowed = (e.params as { allowedValue: unknown }).allowedValue;
        out.push(
          diagnostic(
            at(path),
            `${codePrefix}-const`,
            `${where} must be ${JSON.stringify(allowed)}, not ${JSON.stringify(e.data)}`,
            `write ${JSON.stringify(allowed)}`,
          ),
        );
        break;
      }
      case "type": {
        const want = (e.params as { type: string | string[] }).type;
        const got = e.data === null ? "null" : Array.isArray(e.data) ? "array" : typeof e.data;
        out.push(
          diagnostic(
            at(path),
            `${codePrefix}-type`,
            `${where} must be ${Array.isArray(want) ? want.join(" or ") : want}, not ${got}`,
            `write ${Array.isArray(want) ? want.join(" or ") : want === "object" ? "a mapping (key: value lines)" : want === "array" ? "a list (- item lines)" : `a${/^[aeiou]/.test(String(want)) ? "n" : ""} ${want}`}${describe(e)}`,
          ),
        );
        break;
      }
      default:
        out.push(
          diagnostic(
            at(path),
            `${codePrefix}-${e.keyword.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
            `${where} ${e.message ?? "is invalid"}`,
            `change the value so that it ${e.message ? asCondition(e.message) : "is valid"}${describe(e)}`,
          ),
        );
    }
  }
  for (const [instancePath, messages] of branches) {
    const path = [...base, ...pathOf(instancePath)];
    const unique = [...new Set(messages)];
    out.push(
      diagnostic(
        locate(path),
        `${codePrefix}-no-match`,
        `${showPath(path)} matches none of the allowed forms`,
        unique.length ? `it ${unique.join(", or ")}` : "see the schema for the allowed forms",
      ),
    );
  }
  return out;
}

/** ajv's "must …" message as what the value should do: "must be <= 64" → "is <= 64". */
export function asCondition(message: string): string {
  const rules: [RegExp, string][] = [
    [/^must NOT be /, "is not "],
    [/^must NOT have /, "does not have "],
    [/^must NOT /, "does not "],
    [/^must be /, "is "],
    [/^must have /, "has "],
    [/^must match /, "matches "],
    [/^must pass /, "passes "],
    [/^must contain /, "contains "],
    [/^must equal /, "equals "],
  ];
  for (const [re, to] of rules) if (re.test(message)) return message.replace(re, to);
  return message.replace(/^must /, "satisfies: ");
}
