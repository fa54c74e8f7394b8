/**
 * The view model every renderer reads: plain data, already localised, numbers unformatted. HTML,
 * Markdown, JSON and CSV are functions of it, so their numbers agree by construction.
 */
import type { Lang, Table, Unit } from "../policies/index.js";

/** Tables (with their columns and cells), units and languages are the ones the PR comment shares (policies/formats/table.ts). */
export type { Cell, Column, Lang, Table, Unit } from "../policies/index.js";

export interface Kpi {
  readonly id: string;
  readonly label: string;
  /** undefined: no data. */
  readonly value: number | undefined;
  readonly unit: Unit;
  /** "≥ 0.8" style target and whether the value meets it; undefined when the seed gives none. */
  readonly target?: { readonly op: ">=" | "<="; readonly value: number; readonly met: boolean | undefined };
  /** Where the KPI and its target come from (a seed clause, or "derived from …"). */
  readonly source: string;
  /** Values over the range (oldest first); empty when nothing is measured over time. */
  readonly trend: readonly (readonly [number, number])[];
  /** The change over the range (last - first), undefined without a trend. */
  readonly delta?: number;
  /** The previous report's value (--since), when given. */
  readonly previous?: number;
}

export interface Chart {
  readonly id: string;
  readonly title: string;
  /** Text alternative: what the chart shows, in words and numbers. */
  readonly alt: string;
  readonly kind: "bar" | "line";
  readonly unit: Unit;
  /** Category names (bar) or unix seconds (line). */
  readonly x: readonly (string | number)[];
  readonly series: readonly { readonly name: string; readonly values: readonly (number | null)[] }[];
}

export interface Section {
  readonly id: string;
  readonly heading: string;
  readonly notes: readonly string[];
  readonly charts: readonly Chart[];
  readonly tables: readonly Table[];
}

export interface Report {
  readonly kind: "usage" | "situation";
  readonly lang: Lang;
  readonly title: string;
  readonly subtitle: string;
  readonly estate: string;
  /** Evaluation time (ISO), and the range start when measured. */
  readonly at: string;
  readonly rangeStart?: string;
  /** Whether any figure comes from Prometheus. */
  readonly measured: boolean;
  /** What the report is limited to (--department, --node); absent: the whole estate. */
  readonly scope?: { readonly department?: string; readonly node?: string };
  /** Plain statements the reader must see first (e.g. nothing is measured). */
  readonly notices: readonly string[];
  readonly kpis: readonly Kpi[];
  readonly sections: readonly Section[];
}
