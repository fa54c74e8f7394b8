#!/usr/bin/env node
// Extracts, from the pinned @cdktf/provider-kubernetes, how each typed resource the cdktf engine uses
// maps its configuration to Terraform JSON: for every block, its fields (provider name, cdktf's
// camelCase name, and whether the value is a plain value, a map, a list of values, one nested block or
// a list of blocks). `govcloud plan` writes cdk.tf.json from this table without loading cdktf; the
// golden test (tests/stacks/cdktf-golden.test.ts) proves the bytes equal cdktf's own synthesis.
//
//   node scripts/gen-tf-schema.mjs          writes stacks/engines/cdktf/provider-schema.ts
//   node scripts/gen-tf-schema.mjs --check  exits 1 when the committed file is out of date
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const PROVIDER = join(ROOT, "node_modules/@cdktf/provider-kubernetes");
const OUT = join(ROOT, "stacks/engines/cdktf/provider-schema.ts");

/** Terraform resource type -> the provider's module folder. */
const RESOURCES = {
  kubernetes_namespace_v1: "namespace-v1",
  kubernetes_resource_quota_v1: "resource-quota-v1",
  kubernetes_limit_range_v1: "limit-range-v1",
  kubernetes_service_account_v1: "service-account-v1",
  kubernetes_config_map_v1: "config-map-v1",
  kubernetes_role_v1: "role-v1",
  kubernetes_role_binding_v1: "role-binding-v1",
  kubernetes_network_policy_v1: "network-policy-v1",
  kubernetes_manifest: "manifest",
};

/** One field line of a generated mapper: `snake: <mapper>(struct.camel)` or `(this._camel[.internalValue])`. */
const FIELD = /^\s+([a-z0-9_]+): (.+)\((?:struct\.([A-Za-z0-9]+)|this\._([A-Za-z0-9]+)(\.internalValue)?)\),$/;

function parseMapper(expr, where) {
  let m;
  if (/^cdktf\.(string|boolean|number|any)ToTerraform$/.test(expr)) return { kind: "value" };
  if ((m = /^cdktf\.hashMapper\(cdktf\.(string|boolean|number|any)ToTerraform\)$/.exec(expr))) return { kind: "map" };
  if ((m = /^cdktf\.listMapper\(cdktf\.(string|boolean|number|any)ToTerraform, false\)$/.exec(expr)))
    return { kind: "list" };
  if ((m = /^cdktf\.listMapper\(([A-Za-z0-9]+)ToTerraform, true\)$/.exec(expr)))
    return { kind: "blocks", struct: m[1] };
  if ((m = /^([a-z][A-Za-z0-9]+)ToTerraform$/.exec(expr))) return { kind: "block", struct: m[1] };
  throw new Error(`${where}: unknown mapper ${expr}`);
}

/** The object literal returned by a function whose header line matches `header`. */
function bodyLines(lines, start) {
  const out = [];
  let i = start;
  while (!/^\s+return \{$/.test(lines[i])) i++;
  for (i++; !/^\s+\};$/.test(lines[i]); i++) out.push(lines[i]);
  return out;
}

function extract(type, folder) {
  const text = readFileSync(join(PROVIDER, "lib", folder, "index.js"), "utf8");
  const lines = text.split("\n");
  const structs = {};
  let resource;
  for (let i = 0; i < lines.length; i++) {
    const fn = /^function ([a-z][A-Za-z0-9]+)ToTerraform\(struct\) \{$/.exec(lines[i]);
    const synth = /^    synthesizeAttributes\(\) \{$/.test(lines[i]);
    if (!fn && !synth) continue;
    const fields = bodyLines(lines, i).map((line) => {
      const m = FIELD.exec(line);
      if (!m) throw new Error(`${folder}: cannot read ${JSON.stringify(line)}`);
      const [, snake, expr, structField, thisField, internal] = m;
      const mapper = parseMapper(expr, `${folder} ${snake}`);
      if (mapper.kind === "block" && thisField !== undefined && !internal)
        throw new Error(`${folder} ${snake}: a block without internalValue`);
      return [snake, structField ?? thisField, mapper.kind, ...(mapper.struct ? [mapper.struct] : [])];
    });
    if (fn) structs[fn[1]] = fields;
    else resource = fields;
  }
  if (!resource) throw new Error(`${folder}: no synthesizeAttributes`);
  const version = /providerVersion: '([^']+)'/.exec(text)?.[1];
  return { structs, resource, version };
}

const structs = {};
const resources = {};
const versions = new Set();
for (const [type, folder] of Object.entries(RESOURCES)) {
  const r = extract(type, folder);
  Object.assign(structs, r.structs);
  resources[type] = r.resource;
  versions.add(r.version);
}
if (versions.size !== 1) throw new Error(`provider versions differ: ${[...versions].join(", ")}`);
// Only the blocks the resources reach.
const reached = new Set();
const visit = (fields) => {
  for (const f of fields)
    if (f[3] && !reached.has(f[3]))
      (reached.add(f[3]),
        visit(
          structs[f[3]] ??
            (() => {
              throw new Error(`no mapper ${f[3]}`);
            })(),
        ));
};
for (const fields of Object.values(resources)) visit(fields);
const cdktfVersion = JSON.parse(readFileSync(join(ROOT, "node_modules/cdktf/package.json"), "utf8")).version;
const providerPackage = JSON.parse(readFileSync(join(PROVIDER, "package.json"), "utf8")).version;
const providerSource = /terraformProviderSource: '([^']+)'/.exec(
  readFileSync(join(PROVIDER, "lib/provider/index.js"), "utf8"),
)?.[1];

const table = (o) =>
  `{\n${Object.entries(o)
    .map(([k, fields]) => `  ${k}: [\n${fields.map((f) => `    ${JSON.stringify(f)},`).join("\n")}\n  ],`)
    .join("\n")}\n}`;
const sorted = (o) =>
  Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, o[k]]),
  );
const text = `// Generated by scripts/gen-tf-schema.mjs from @cdktf/provider-kubernetes ${providerPackage} and cdktf ${cdktfVersion}. Do not edit.
/* eslint-disable */
/**
 * How each typed resource maps its configuration to Terraform JSON, as the provider's generated cdktf
 * classes do: per block, its fields as [Terraform name, cdktf (camelCase) name, kind, block name?].
 * Kinds: "value" (string, number, boolean), "map" (string map, keys kept), "list" (list of values),
 * "block" (one nested block), "blocks" (a list of nested blocks).
 */
export type FieldKind = "value" | "map" | "list" | "block" | "blocks";
export type Field = readonly [terraform: string, camel: string, kind: FieldKind, block?: string];

export const CDKTF_VERSION = ${JSON.stringify(cdktfVersion)};
export const PROVIDER_VERSION = ${JSON.stringify([...versions][0])};
export const PROVIDER_SOURCE = ${JSON.stringify(providerSource)};

/** Top-level attributes and blocks of each resource type. */
export const RESOURCE_FIELDS: Readonly<Record<string, readonly Field[]>> = ${table(resources)};

/** Nested blocks, by the name of the provider's mapper. */
export const BLOCK_FIELDS: Readonly<Record<string, readonly Field[]>> = ${table(sorted(Object.fromEntries([...reached].map((k) => [k, structs[k]]))))};
`;

if (process.argv.includes("--check")) {
  const current = readFileSync(OUT, "utf8");
  if (current !== text) {
    process.stderr.write(`${OUT} is out of date: run node scripts/gen-tf-schema.mjs\n`);
    process.exit(1);
  }
} else writeFileSync(OUT, text);
