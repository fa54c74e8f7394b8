#!/usr/bin/env node
// Generates catalog/schema/types.ts from the JSON Schemas, so that the TypeScript model and the
// public contract can never drift apart. `npm run gen:types` rewrites the file; the test suite
// regenerates it in memory and fails when the committed copy is stale.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { compile } from "json-schema-to-typescript";

const schemaDir = join(dirname(fileURLToPath(import.meta.url)), "..", "catalog", "schema");

/** One self-contained schema with every kind and shared definition under $defs. */
export function bundle() {
  const files = readdirSync(schemaDir)
    .filter((f) => f.endsWith(".schema.json"))
    .sort();
  const defs = {};
  const pascal = (s) => s.replace(/(^|[-_.])([a-z0-9])/g, (_, __, c) => c.toUpperCase());
  const rewrite = (node, file) => {
    if (Array.isArray(node)) return node.map((n) => rewrite(n, file));
    if (node === null || typeof node !== "object") return node;
    if (typeof node.$ref === "string") {
      // A bare reference: sibling annotations would make the generator mint a duplicate type.
      const [target, pointer] = node.$ref.split("#");
      const base = target ? target.replace(".schema.json", "") : file;
      const name = pointer ? pointer.replace("/$defs/", "") : "";
      return { $ref: `#/$defs/${pascal(name ? (base === "common" ? name : `${base}-${name}`) : base)}` };
    }
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === "title" || k === "$id" || k === "$schema" || k === "$defs") {
        // titles name types in json-schema-to-typescript; we name them from the $defs keys instead
      } else {
        out[k] = rewrite(v, file);
      }
    }
    return out;
  };
  for (const f of files) {
    const base = f.replace(".schema.json", "");
    const schema = JSON.parse(readFileSync(join(schemaDir, f), "utf8"));
    for (const [name, def] of Object.entries(schema.$defs ?? {})) {
      defs[pascal(base === "common" ? name : `${base}-${name}`)] = rewrite(def, base);
    }
    if (base !== "common") defs[schema.title] = rewrite(schema, base);
  }
  for (const [name, def] of Object.entries(defs)) def.title = name;
  return { $defs: defs, type: "object", additionalProperties: false, properties: {} };
}

export async function generate() {
  const ts = await compile(bundle(), "CatalogSchemas", {
    bannerComment: "/* Generated from catalog/schema/*.schema.json by `npm run gen:types`. Do not edit by hand. */",
    unreachableDefinitions: true,
    additionalProperties: false,
    strictIndexSignatures: true,
    format: true,
    style: { singleQuote: false, printWidth: 110 },
  });
  // The empty root interface is an artefact of bundling.
  return ts.replace(/export interface CatalogSchemas \{\}\n\n?/, "");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = join(schemaDir, "types.ts");
  writeFileSync(out, await generate());
  console.log(`wrote ${out}`);
}
