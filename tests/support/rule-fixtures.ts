/**
 * Rule fixtures (policies/types.ts): `policies/rules/<pack>/fixtures/<RULE-ID>/pass*.yaml|fail*.yaml`.
 * An object rule's fixture is Kubernetes objects: a pass fixture must pass on its own (as on a live
 * cluster without the catalog); a fail fixture must fail on its own or, for rules that need the
 * catalog (approved registries, levels), with the tiny test catalog as context. A
 * request or estate rule's fixture is catalog documents laid over the tiny catalog — replacing the
 * document of the same kind and name (a request: the same department and system) or adding it — and
 * the rule is judged on the resulting estate; the fixture's own documents count as subjects, and so
 * does any other finding the tiny catalog alone does not give (the fixture's effect elsewhere). An
 * estate rule's fixture may also hold Kubernetes objects (any apiVersion outside govcloud.io): they are
 * the planned objects of EstateContext.objects, each on the node its govcloud.io/cloud label names
 * (else "fixture"), and every finding counts. The tiny catalog's exceptions are left out unless the
 * fixture brings its own, so that a fixture shows the rule's raw verdict.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments, stringify } from "yaml";
import { assembleEstate, formatDiagnostic, KINDS, type Estate } from "../../catalog/index.js";
import { evaluate, parseObjects, type Finding, type ObjectInput, type Rule } from "../../policies/index.js";
import { LABELS, type KubeObject } from "../../kube/index.js";
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
    .map((name) => ({
      rule,
      expect: name.startsWith("pass") ? ("pass" as const) : ("fail" as const),
      file: join(dir, name),
      name,
    }));
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

/** Kinds that live under estates/<name>/ (the estate, clouds, departments, network, ledgers). */
const ESTATE_KINDS = new Set(KINDS.filter((k) => k.area === "estate").map((k) => k.kind));

interface Doc {
  readonly kind: string;
  readonly name: string;
  readonly value: Record<string, unknown>;
}

const isCatalogDoc = (d: Doc) =>
  typeof d.value.apiVersion === "string" && d.value.apiVersion.startsWith("govcloud.io/");

function docsOf(text: string, file: string): Doc[] {
  return parseAllDocuments(text).map((d, i) => {
    if (d.errors.length) throw new Error(`${file}: document ${i + 1}: ${d.errors[0]!.message}`);
    const value = d.toJS() as Record<string, unknown>;
    const kind = value?.kind;
    const name = (value?.metadata as { name?: unknown } | undefined)?.name;
    if (typeof kind !== "string" || typeof name !== "string")
      throw new Error(`${file}: document ${i + 1} has no kind or metadata.name`);
    return { kind, name, value };
  });
}

/** The tiny catalog with the fixture's documents laid over it; returns the files and the fixture's own paths. */
export function overlayCatalog(
  fixtureText: string,
  fixtureName: string,
): { files: Record<string, string>; own: Set<string>; objects: ObjectInput[] } {
  const base = tinyCatalog();
  const all = docsOf(fixtureText, fixtureName);
  const docs = all.filter(isCatalogDoc);
  const objects = all
    .filter((d) => !isCatalogDoc(d))
    .map((d) => {
      const object = d.value as unknown as KubeObject;
      return { object, node: object.metadata.labels?.[LABELS.cloud] ?? "fixture" };
    });
  const files: Record<string, string> = {};
  const withExceptions = docs.some((d) => d.kind === "PolicyException");
  for (const [path, text] of Object.entries(base))
    if (withExceptions || !path.startsWith("exceptions/")) files[path] = text;
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
  return { files, own, objects };
}

let tiny: Estate | undefined;
/** The tiny catalog without its exceptions, the context of object fixtures. */
function tinyEstate(): Estate {
  if (!tiny) {
    const files = Object.fromEntries(Object.entries(tinyCatalog()).filter(([p]) => !p.startsWith("exceptions/")));
    tiny = assembleEstate("/fixture", toFiles(files), { estate: "t", today: TODAY }).estate!;
  }
  return tiny;
}

const findingKey = (f: Finding) => `${f.result}|${f.subject.type === "catalog" ? f.subject.file : ""}|${f.message}`;
const baselines = new Map<string, Set<string>>();
/** What the rule finds on the tiny catalog alone (without exceptions). */
function baseline(rule: Rule): Set<string> {
  let keys = baselines.get(rule.id);
  if (!keys) {
    keys = new Set(evaluate({ rules: [rule], estate: tinyEstate(), today: TODAY }).findings.map(findingKey));
    baselines.set(rule.id, keys);
  }
  return keys;
}

const failing = (f: Finding) => f.result === "fail" || f.result === "warn" || f.result === "error";

/** Judges one fixture with its rule alone. Throws when the fixture itself is not valid input. */
export function runFixture(c: FixtureCase): FixtureOutcome {
  const text = readFileSync(c.file, "utf8");
  const rule = c.rule;
  if (rule.target === "object") {
    const parsed = parseObjects(c.name, text);
    if (parsed.diagnostics.length) throw new Error(parsed.diagnostics.map(formatDiagnostic).join("\n"));
    const stray = parsed.objects.filter((o) => !rule.kinds.includes(o.object.kind));
    if (stray.length)
      throw new Error(`${c.name}: ${stray.map((o) => o.object.kind).join(", ")} is not among the rule's kinds`);
    // A pass fixture passes on its own, as on a live cluster without the catalog; a fail fixture fails
    // on its own or, for rules that need the catalog (approved registries, levels), with the tiny estate.
    const judge = (estate?: Estate) =>
      evaluate({
        rules: [c.rule],
        objects: parsed.objects,
        today: TODAY,
        targets: new Set(["object"]),
        listPasses: true,
        ...(estate ? { estate } : {}),
      });
    let result = judge();
    if (c.expect === "fail" && !result.findings.some(failing)) result = judge(tinyEstate());
    return { failures: result.findings.filter(failing), findings: result.findings, objects: parsed.objects.length };
  }
  const { files, own, objects } = overlayCatalog(text, c.name);
  const loaded = assembleEstate("/fixture", toFiles(files), { estate: "t", today: TODAY });
  if (!loaded.estate)
    throw new Error(`${c.name} does not give a valid catalog:\n${loaded.diagnostics.map(formatDiagnostic).join("\n")}`);
  const result = evaluate({
    rules: [c.rule],
    estate: loaded.estate,
    today: TODAY,
    listPasses: true,
    ...(objects.length ? { objects } : {}),
  });
  // The fixture's own documents count; elsewhere, what the fixture changed (a finding the tiny catalog
  // alone does not give, e.g. on the department whose group the fixture's department takes).
  const before = baseline(rule);
  const mine = result.findings.filter(
    (f) =>
      objects.length > 0 ||
      f.subject.type === "object" ||
      (f.subject.type === "catalog" && own.has(f.subject.file)) ||
      (f.result !== "pass" && !before.has(findingKey(f))),
  );
  return { failures: mine.filter(failing), findings: mine, estate: loaded.estate };
}
