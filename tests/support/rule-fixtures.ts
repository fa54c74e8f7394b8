/**
 * Rule fixtures (policies/types.ts): `policies/rules/<pack>/fixtures/<RULE-ID>/pass*.yaml|fail*.yaml`.
 * An object rule's fixture is Kubernetes objects, judged on their own (as a live cluster without the
 * catalog would). A request or estate rule's fixture is catalog documents laid over the tiny test
 * catalog — replacing the document of the same kind and name (a request: the same department and
 * system) or adding it — and the rule is judged on the resulting estate; only the fixture's own
 * documents count as subjects. The tiny catalog's exceptions are left out unless the fixture brings
 * its own, so that a fixture shows the rule's raw verdict.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments, stringify } from "yaml";
import { assembleEstate, formatDiagnostic, type Estate } from "../../catalog/index.js";
import { evaluate, parseObjects, type Finding, type Rule } from "../../policies/index.js";
import { ROOT } from "./cli.js";
import { TODAY, tinyCatalog, toFiles } from "./tiny-catalog.js";

export interface FixtureCase {
  readonly rule: Rule;
  readonly expect: "pass" | "fail";
  /** Absolute path of the fixture file. */
  readonly file: string;
  /** File name, e.g. fail-rsa-1024.yaml. */
  readonly name: string;
}

export const fixtureDir = (rule: Rule) => join(ROOT, "policies/rules", rule.pack, "fixtures", rule.id);

export function fixtureCases(rule: Rule): FixtureCase[] {
  const dir = fixtureDir(rule);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => /^(pass|fail).*\.ya?ml$/.test(n))
    .sort()
    .map((name) => ({ rule, expect: name.startsWith("pass") ? ("pass" as const) : ("fail" as const), file: join(dir, name), name }));
}

export interface FixtureOutcome {
  /** Non-passing results (fail, warn, error) on the fixture's own subjects. */
  readonly failures: readonly Finding[];
  /** Every result on the fixture's own subjects. */
  readonly findings: readonly Finding[];
  /** For object fixtures: how many objects were judged. */
  readonly objects?: number;
  readonly estate?: Estate;
}

const ESTATE_KINDS = new Set(["Estate", "CloudNode", "Department", "AdminDivisions", "Network"]);

interface Doc {
  readonly kind: string;
  readonly name: string;
  readonly value: Record<string, unknown>;
}

function docsOf(text: string, file: string): Doc[] {
  return parseAllDocuments(text).map((d, i) => {
    if (d.errors.length) throw new Error(`${file}: document ${i + 1}: ${d.errors[0]!.message}`);
    const value = d.toJS() as Record<string, unknown>;
    const kind = value?.kind;
    const name = (value?.metadata as { name?: unknown } | undefined)?.name;
    if (typeof kind !== "string" || typeof name !== "string") throw new Error(`${file}: document ${i + 1} has no kind or metadata.name`);
    return { kind, name, value };
  });
}

/** The tiny catalog with the fixture's documents laid over it; returns the files and the fixture's own paths. */
export function overlayCatalog(fixtureText: string, fixtureName: string): { files: Record<string, string>; own: Set<string> } {
  const base = tinyCatalog();
  const docs = docsOf(fixtureText, fixtureName);
  const files: Record<string, string> = {};
  const withExceptions = docs.some((d) => d.kind === "PolicyException");
  for (const [path, text] of Object.entries(base)) if (withExceptions || !path.startsWith("exceptions/")) files[path] = text;
  const own = new Set<string>();
  docs.forEach((d, i) => {
    if (ESTATE_KINDS.has(d.kind)) {
      for (const [path, text] of Object.entries(files)) {
        if (!path.startsWith("estates/")) continue;
        const kept = docsOf(text, path).filter((x) => !(x.kind === d.kind && x.name === d.name));
        files[path] = kept.map((x) => stringify(x.value, { lineWidth: 0 })).join("---\n");
        if (kept.length === 0) delete files[path];
      }
      const path = `estates/t/fixture-${i + 1}-${d.kind.toLowerCase()}.yaml`;
      files[path] = stringify(d.value, { lineWidth: 0 });
      own.add(path);
      return;
    }
    const spec = d.value.spec as { department?: string } | undefined;
    const path =
      d.kind === "SystemRequest"
        ? `requests/${spec?.department ?? "unknown"}/${d.name}.yaml`
        : d.kind === "Offering"
          ? `offerings/${d.name}.yaml`
          : d.kind === "PolicyException"
            ? `exceptions/${d.name}.yaml`
            : undefined;
    if (!path) throw new Error(`${fixtureName}: a ${d.kind} cannot be laid over the catalog`);
    files[path] = stringify(d.value, { lineWidth: 0 });
    own.add(path);
  });
  return { files, own };
}

const failing = (f: Finding) => f.result === "fail" || f.result === "warn" || f.result === "error";

/** Judges one fixture with its rule alone. Throws when the fixture itself is not valid input. */
export function runFixture(c: FixtureCase): FixtureOutcome {
  const text = readFileSync(c.file, "utf8");
  if (c.rule.target === "object") {
    const parsed = parseObjects(c.name, text);
    if (parsed.diagnostics.length) throw new Error(parsed.diagnostics.map(formatDiagnostic).join("\n"));
    const result = evaluate({ rules: [c.rule], objects: parsed.objects, today: TODAY, listPasses: true });
    return { failures: result.findings.filter(failing), findings: result.findings, objects: parsed.objects.length };
  }
  const { files, own } = overlayCatalog(text, c.name);
  const loaded = assembleEstate("/fixture", toFiles(files), { estate: "t", today: TODAY });
  if (!loaded.estate) throw new Error(`${c.name} does not give a valid catalog:\n${loaded.diagnostics.map(formatDiagnostic).join("\n")}`);
  const result = evaluate({ rules: [c.rule], estate: loaded.estate, today: TODAY, listPasses: true });
  const mine = result.findings.filter((f) => f.subject.type === "catalog" && own.has(f.subject.file));
  return { failures: mine.filter(failing), findings: mine, estate: loaded.estate };
}
