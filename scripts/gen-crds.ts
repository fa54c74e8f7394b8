/** Writes operators/crds/<group>_<plural>.yaml from the CRD table and catalog/schema (npm run gen:crds). */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { CRDS, crdFileName, crdOf, crdsYaml, readSchemas } from "../operators/index.js";

const dir = join(import.meta.dirname, "..", "operators", "crds");
const schemas = readSchemas(join(import.meta.dirname, "..", "catalog", "schema"));
for (const e of CRDS) {
  const file = join(dir, crdFileName(e));
  writeFileSync(file, crdsYaml([crdOf(e, schemas)]));
  process.stdout.write(`wrote ${file}\n`);
}
