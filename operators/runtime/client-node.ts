/**
 * The two parts of @kubernetes/client-node 1.4.0 the runtime uses: `KubeConfig` (kubeconfig files,
 * KUBECONFIG, the in-cluster service account, exec plugins and auth providers) and `Watch`.
 *
 * `npm run build` replaces this module's output with a tree-shaken bundle of exactly these two exports
 * (scripts/bundle-client-node.mjs, esbuild): importing the package itself evaluates its whole generated
 * API (the request classes of every API group, reached through `config.js` → `gen/index.js`), which costs
 * an operator ~54 MiB of resident memory and 18 MiB of live heap it never uses (the import alone: 115 MiB
 * RSS and 30 MiB heap; the bundle: 61 and 12). Measured on the 10x catalog operator: peak RSS 267–278 →
 * 220–230 MiB, CPU time unchanged. The source stays a plain re-export, so tests and type checks see the
 * package as it is.
 */
export { KubeConfig, Watch } from "@kubernetes/client-node";
