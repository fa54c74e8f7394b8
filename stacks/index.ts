/**
 * The stacks module: the Plan (every cloud node's desired Kubernetes objects) and the engines that
 * render it. The Plan and the writers of every engine's files load eagerly and need no engine library:
 * the cdktf output is written from the Plan directly (cdktf itself, ~0.4 s to load, is loaded only by
 * whoever synthesizes with it, through `engines`: the `cdktf synth` app and the tests that compare).
 */
import type { Plan } from "./plan/index.js";
import { cdktfFiles } from "./engines/cdktf/terraform-json.js";
import { writeTree } from "./engines/write.js";

export * from "./plan/index.js";
export * from "./tenancy/index.js";
export * from "./services/index.js";
export { platformObjects, platformPlanner, PLATFORM_NAMESPACE } from "./platform/index.js";
export { migrationPlanner, planMigrations, systemMigration } from "./migration/index.js";
export { renderManifests, manifestFiles, nodeManifests, manifestFile, toYaml } from "./engines/manifests/index.js";
export {
  renderPulumi,
  pulumiFiles,
  nodeProgram,
  nodeProgramPieces,
  pulumiResources,
  typeToken,
  type PulumiResource,
} from "./engines/pulumi/index.js";
export { cdktfFiles, cdktfManifest, stackJsonPieces, resourceAttributes } from "./engines/cdktf/terraform-json.js";
export {
  terraformResource,
  resourceId,
  TYPED_RESOURCES,
  MANIFEST_RESOURCE,
  type TerraformResource,
} from "./engines/cdktf/map.js";
export { writeTree, writePieces, type FilePieces } from "./engines/write.js";

/** Writes cdktf.out (stacks/<node>/cdk.tf.json, manifest.json) into `outdir`, as `cdktf synth` would. */
export function writeCdktf(plan: Plan, outdir: string, onStack?: (node: string) => void): void {
  writeTree(outdir, cdktfFiles(plan), (rel) => {
    const node = /^stacks\/([^/]+)\//.exec(rel)?.[1];
    if (node !== undefined) onStack?.(node);
  });
}

/** cdktf's own synthesis, loaded on demand (it costs ~0.4 s to load). */
export const engines = {
  cdktf: () => import("./engines/cdktf/index.js"),
} as const;
export { validateCatalog, type Validation } from "./validate.js";
