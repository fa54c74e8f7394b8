/**
 * The layout rules of DESIGN.md, checked by tests/layout.test.ts (and by `npx depcruise --config
 * .dependency-cruiser.cjs bin catalog kube stacks policies bench scripts`):
 * no import cycles (type imports included), a module reached only through its index.ts from another
 * top-level folder, and kube/ (the ground floor) importing nothing of ours.
 */
const TOP = "(kube|catalog|metrics|stacks|policies|operators|dashboards|reports|bin|bench|scripts)";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "No import cycles, type imports included (DESIGN.md, Layout).",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-deep-import",
      severity: "error",
      comment: "Another top-level folder is reached only through its index.ts (or a submodule's index.ts).",
      from: { path: `^${TOP}/` },
      to: { path: `^${TOP}/`, pathNot: ["^$1/", "^[a-z]+/index[.]ts$", "^[a-z]+/[a-z-]+/index[.]ts$"] },
    },
    {
      name: "kube-is-the-ground-floor",
      severity: "error",
      comment: "kube/ imports nothing of ours: everything else may import it.",
      from: { path: "^kube/" },
      to: { path: `^${TOP}/`, pathNot: "^kube/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|dist|tests/fixtures)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js", ".mjs", ".cjs", ".json"] },
  },
};
