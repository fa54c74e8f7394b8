/**
 * The stacks module: the Plan (every cloud node's desired Kubernetes objects) and the engines that
 * render it. The Plan and the manifests engine load eagerly; cdktf (~0.4 s) and Pulumi are loaded only
 * by whoever renders with them, through `engines`.
 */
export * from "./plan/index.js";
export * from "./tenancy/index.js";
export { renderManifests, nodeManifests, manifestFile, toYaml } from "./engines/manifests/index.js";
export { renderPulumi, nodeProgram, pulumiResources, typeToken, type PulumiResource } from "./engines/pulumi/index.js";

/** Engines with a costly import, loaded on demand. */
export const engines = {
  cdktf: () => import("./engines/cdktf/index.js"),
} as const;
export { validateCatalog, type Validation } from "./validate.js";
