/** The committed TypeScript types are the schemas' own: regenerating them changes nothing. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { generate } from "../../scripts/gen-types.mjs";
import { ROOT } from "../support/cli.js";

it("catalog/schema/types.ts matches the schemas (run `npm run gen:types` after changing a schema)", async () => {
  const committed = readFileSync(join(ROOT, "catalog/schema/types.ts"), "utf8");
  expect(await generate()).toBe(committed);
});
