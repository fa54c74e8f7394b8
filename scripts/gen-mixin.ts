/** `npm run gen:mixin`: writes the mixin's generated files (the rule file and the dashboards' JSON); tests keep them fresh. */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { mixinFiles } from "../dashboards/index.js";

const ROOT = resolve(import.meta.dirname, "..");
for (const [path, text] of Object.entries(mixinFiles())) {
  const abs = join(ROOT, path);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(`${abs}.tmp`, text);
  renameSync(`${abs}.tmp`, abs);
  process.stdout.write(`${path}\n`);
}
