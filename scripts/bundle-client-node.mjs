#!/usr/bin/env node
// Part of `npm run build`, after tsc: replaces dist/operators/runtime/client-node.js (a re-export of
// @kubernetes/client-node's KubeConfig and Watch) with an esbuild bundle of the same exports, tree-shaken,
// so that an operator does not evaluate the package's whole generated API (see operators/runtime/client-node.ts).
// Written to a temporary file, then renamed over the output: a failed build leaves tsc's re-export in place.
import { renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist", "operators", "runtime", "client-node.js");
const tmp = `${out}.${process.pid}.tmp`;
try {
  await build({
    entryPoints: [join(root, "operators", "runtime", "client-node.ts")],
    outfile: tmp,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    treeShaking: true,
    logLevel: "warning",
    legalComments: "eof",
    // The package's CommonJS dependencies call require(); an ES module has none of its own.
    banner: {
      js: 'import { createRequire as __govcloudRequire } from "node:module";\nconst require = __govcloudRequire(import.meta.url);',
    },
  });
  renameSync(tmp, out);
} catch (e) {
  rmSync(tmp, { force: true });
  throw e;
}
