/**
 * What a report is limited to (--department, --node), said the same way in every report: the title names
 * the department, the subtitle states the scope, Report.scope carries it in the JSON; and a report refuses
 * measurements of another scope rather than show them under the department's name.
 */
import type { Estate } from "../catalog/index.js";
import { t, type Key } from "./i18n.js";
import type { Lang, Report } from "./model.js";
import type { Measurements } from "./measure.js";

export interface ScopeInput {
  readonly estate: Estate;
  readonly lang: Lang;
  readonly department?: string;
  readonly node?: string;
}

/** A department's name in the report's language (its id when the catalog has no such department). */
export function departmentName(estate: Estate, lang: Lang, id: string): string {
  const d = estate.index.department.get(id)?.doc.spec;
  return d ? (lang === "zh" ? d.displayName : (d.englishName ?? id)) : id;
}

/** The title (naming the department), the subtitle (stating the scope) and Report.scope of a report. */
export function scopeHeading(
  input: ScopeInput,
  titleKey: Key,
): Pick<Report, "title" | "subtitle"> & { scope?: Report["scope"] } {
  const { estate, lang } = input;
  const L = (k: Key) => t(lang, k);
  const dept = input.department;
  const name = dept === undefined ? "" : departmentName(estate, lang, dept);
  const scopeText = [
    ...(dept ? [`${L("scopeDepartment")} ${name}${name !== dept ? ` (${dept})` : ""}`] : []),
    ...(input.node ? [`${L("scopeNode")} ${input.node}`] : []),
  ];
  return {
    title: dept ? (lang === "zh" ? `${name}${L(titleKey)}` : `${L(titleKey)}: ${name}`) : L(titleKey),
    subtitle: `${L("estate")}: ${estate.name}${scopeText.length ? ` · ${L("scope")}: ${scopeText.join(" · ")}` : ""}`,
    ...(dept || input.node
      ? { scope: { ...(dept ? { department: dept } : {}), ...(input.node ? { node: input.node } : {}) } }
      : {}),
  };
}

/**
 * A department's report needs the department's measurements (measure(..., { department })), and the
 * whole estate's report the whole estate's: figures of another scope would be shown under the wrong name.
 * Refused (an Error naming the call to make), not rendered.
 */
export function checkMeasurementScope(
  report: string,
  department: string | undefined,
  m: Measurements | undefined,
): void {
  if (m === undefined || m.department === department) return;
  const whose = (d: string | undefined) => (d ? `department ${d}'s` : "the whole estate's");
  throw new Error(
    `${report}: ${department ? `department ${department}` : "the whole estate"}, but the measurements are ${whose(m.department)}: give measure(client, end, range, { ..., ${department ? `department: "${department}"` : "without department"} })`,
  );
}
