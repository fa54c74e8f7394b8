/** Systems in a catalog folder, counted by their request files (cheap: no parsing). */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

export function countSystems(catalog: string): number {
  const dir = join(catalog, "requests");
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .reduce((n, d) => n + readdirSync(join(dir, d.name)).filter((f) => /\.ya?ml$/.test(f)).length, 0);
}
