/**
 * Byte-for-byte golden outputs of the CLI on the embedded estate (see cases.ts). With UPDATE_GOLDEN=1
 * the outputs are rewritten instead of compared: do that only in a commit that changes them on purpose.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CASES, GOLDEN_DIR, produce } from "./cases.js";

const update = process.env.UPDATE_GOLDEN === "1";
let outputs: Map<string, string>;

beforeAll(async () => {
  outputs = await produce();
  if (update) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    for (const [name, text] of outputs) writeFileSync(join(GOLDEN_DIR, `${name}.txt`), text);
  }
}, 900_000);

describe("golden outputs of govcloud on the embedded estate", () => {
  for (const name of ["plan-all", ...Object.keys(CASES)]) {
    it(name, () => {
      const file = join(GOLDEN_DIR, `${name}.txt`);
      expect(existsSync(file), `${file} is missing: run UPDATE_GOLDEN=1 npx vitest run tests/golden`).toBe(true);
      const got = outputs.get(name)!;
      const want = readFileSync(file, "utf8");
      // Not toBe on the whole text: a diff of a 400 kB string is unreadable; compare line by line first.
      const g = got.split("\n");
      const w = want.split("\n");
      const first = g.findIndex((line, i) => line !== w[i]);
      expect(
        first === -1 && g.length === w.length
          ? ""
          : `first difference at line ${first + 1}:\n- ${w[first] ?? "(end)"}\n+ ${g[first] ?? "(end)"}`,
      ).toBe("");
      expect(got === want).toBe(true);
    });
  }
});
