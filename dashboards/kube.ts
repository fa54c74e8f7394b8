/** The mixin as Kubernetes objects: the rules as a PrometheusRule, every dashboard as a ConfigMap for Grafana's sidecar. */
import type { KubeObject } from "../stacks/index.js";
import { DASHBOARDS, buildDashboard, dashboardJson } from "./grafana/index.js";
import { ruleGroupsData, runbookBase } from "./rules/index.js";

export const GRAFANA_DASHBOARD_LABEL = "grafana_dashboard";

export interface MonitoringOptions {
  readonly namespace: string;
  /** Labels the cluster's Prometheus selects PrometheusRules by (ruleSelector), e.g. { release: "kube-prometheus-stack" }. */
  readonly ruleLabels?: Readonly<Record<string, string>>;
  /** Base of the alerts' runbook_url (GOVCLOUD_RUNBOOK_BASE); default RUNBOOK_BASE, the repository-relative docs/runbooks/. */
  readonly runbookBase?: string;
}

export function prometheusRuleObject(o: MonitoringOptions): KubeObject {
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: {
      name: "govcloud",
      namespace: o.namespace,
      labels: {
        "app.kubernetes.io/managed-by": "govcloud",
        "app.kubernetes.io/part-of": "govcloud",
        ...(o.ruleLabels ?? {}),
      },
    },
    spec: { groups: ruleGroupsData(undefined, runbookBase(o.runbookBase)) },
  } as KubeObject;
}

export function dashboardConfigMaps(o: MonitoringOptions): KubeObject[] {
  return DASHBOARDS.map((spec) => {
    const d = buildDashboard(spec);
    return {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        name: `dashboard-${d.uid}`,
        namespace: o.namespace,
        labels: {
          [GRAFANA_DASHBOARD_LABEL]: "1",
          "app.kubernetes.io/managed-by": "govcloud",
          "app.kubernetes.io/part-of": "govcloud",
        },
        annotations: { grafana_folder: "govcloud" },
      },
      data: { [`${d.uid}.json`]: dashboardJson(d) },
    } as KubeObject;
  });
}

export const monitoringObjects = (o: MonitoringOptions): KubeObject[] => [
  prometheusRuleObject(o),
  ...dashboardConfigMaps(o),
];
