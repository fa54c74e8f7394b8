/**
 * Traffic evidence from Prometheus: requests the ingress controller (ingress-nginx) served to a system's
 * namespace, or to its legacy hosts, over a window. An absent series is "unknown" unless the ingress
 * controller is reporting at all (then nothing was served: 0); an unreachable Prometheus is "unknown",
 * never zero traffic.
 */
import { PrometheusClient, PrometheusError } from "../../metrics/index.js";
import type { Measured } from "./phase.js";

export interface TrafficSource {
  /** Requests on the Ingresses of `namespace` over `window`. */
  cloud(namespace: string, window: string): Promise<Measured>;
  /** Requests to any of `hosts` over `window`. */
  legacy(hosts: readonly string[], window: string): Promise<Measured>;
}

const SERIES = "nginx_ingress_controller_requests";
/** A PromQL string literal. */
const q = (s: string) => JSON.stringify(s);
/** A regex alternation of literal host names. */
const hostRegex = (hosts: readonly string[]) => hosts.map((h) => h.replace(/[.*+?^${}()|[\]\\]/g, "\\\\$&")).join("|");

/** The traffic source of a Prometheus server. */
export function prometheusTraffic(url: string, options: { timeoutMs?: number } = {}): TrafficSource {
  const client = new PrometheusClient(url, options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {});
  async function measure(selector: string, window: string, what: string): Promise<Measured> {
    try {
      const v = await client.scalar(`sum(increase(${SERIES}{${selector}}[${window}]))`);
      if (v !== undefined) return { known: true, value: Math.max(0, v) };
      const reporting = await client.scalar(`count(${SERIES})`);
      if (reporting !== undefined && reporting > 0) return { known: true, value: 0 };
      return {
        known: false,
        why: `no ${SERIES} series in Prometheus at ${client.url} (the ingress controller is not scraped): ${what} unknown`,
      };
    } catch (e) {
      const m = e instanceof PrometheusError ? e.message : String(e);
      return { known: false, why: m };
    }
  }
  return {
    cloud: (namespace, window) => measure(`namespace=${q(namespace)}`, window, `traffic of namespace ${namespace}`),
    legacy: (hosts, window) => measure(`host=~"${hostRegex(hosts)}"`, window, `traffic to ${hosts.join(", ")}`),
  };
}

/** Without --prometheus-url: every measurement unknown, and why. */
export const noTraffic: TrafficSource = {
  cloud: async () => ({
    known: false,
    why: "no Prometheus configured (--prometheus-url): traffic evidence is unknown",
  }),
  legacy: async () => ({
    known: false,
    why: "no Prometheus configured (--prometheus-url): traffic evidence is unknown",
  }),
};
