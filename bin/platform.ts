/**
 * The platform stack's inputs (stacks/platform), built here at the top because they come from modules
 * above stacks/: the govcloud.io CRDs (operators/) and the monitoring mixin's PrometheusRule and
 * dashboard ConfigMaps (dashboards/). `govcloud plan` and the cdktf app pass them to `planEstate`.
 */
import { monitoringObjects } from "../dashboards/index.js";
import { crds } from "../operators/index.js";
import { PLATFORM_NAMESPACE, type KubeObject, type PlatformInputs } from "../stacks/index.js";

export function platformInputs(): PlatformInputs {
  return {
    crds: crds() as unknown as KubeObject[],
    // GOVCLOUD_RUNBOOK_BASE: where the deployed alerts' runbook_url points (default: the repository-relative docs/runbooks/).
    monitoring: monitoringObjects({
      namespace: PLATFORM_NAMESPACE,
      ...(process.env.GOVCLOUD_RUNBOOK_BASE ? { runbookBase: process.env.GOVCLOUD_RUNBOOK_BASE } : {}),
    }),
  };
}
