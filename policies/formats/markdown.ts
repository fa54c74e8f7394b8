/**
 * Markdown for the pull-request comment: the verdict first, then the open findings with where and how
 * to fix them, the excepted ones, stale exceptions, and the quota/capacity effect of the change on each
 * cloud node it touches.
 */
import { cloudUsage, neverOnCloud, requestQuota, type Estate } from "../../catalog/index.js";
import type { Finding } from "../types.js";
import {
  clauseText,
  Context,
  daysLeft,
  EXPIRY_WARNING_DAYS,
  joinPath,
  isBlocking,
  isViolation,
  notJudgedText,
  plural,
  sortFindings,
  summarizeFindings,
  type ReportContext,
} from "./common.js";
import { markdownTable, type Table } from "./table.js";

/** A marker the PR workflow finds to update its own comment instead of adding a new one. */
export const MARKDOWN_MARKER = "<!-- govcloud-check -->";

const cell = (s: string) => s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
const ICON = { critical: "🔴", high: "🟠", medium: "🟡", low: "🔵", info: "⚪" } as const;

const GIB = 1024 ** 3;

/**
 * The quota the judged systems request, and what it does to their cloud nodes: two tables of the view
 * model the reports use (policies/formats/table.ts), rendered by the same `markdownTable`.
 */
export function quotaTables(estate: Estate, systems: readonly string[]): Table[] {
  const requests = systems.map((k) => estate.index.request.get(k)).filter((r) => r !== undefined);
  if (requests.length === 0) return [];
  const mine = requests.map((r) => ({ r, q: requestQuota(r.doc, estate.index.offering) }));
  const clouds = new Set(requests.map((r) => r.doc.spec.cloud));
  const share = (used: number, cap: number) => (cap > 0 ? used / cap : null);
  return [
    {
      id: "quota-systems",
      title: "Requested by this change",
      columns: [
        { key: "system", label: "system" },
        { key: "cloud", label: "cloud node" },
        { key: "vcpu", label: "vCPU", unit: "cores" },
        { key: "memory", label: "memory", unit: "bytes" },
        { key: "storage", label: "storage", unit: "bytes" },
        { key: "loadBalancers", label: "load balancers", unit: "count" },
      ],
      rows: mine.map(({ r, q }) => [
        code(`${r.doc.spec.department}/${r.doc.metadata.name}`),
        r.doc.spec.cloud,
        q.vcpu,
        q.memoryGiB * GIB,
        q.storageGiB * GIB,
        q.loadBalancers,
      ]),
      empty: "none",
    },
    {
      id: "quota-clouds",
      title: "Cloud nodes it touches: requested (whole estate, this change included) against capacity",
      columns: [
        { key: "cloud", label: "cloud node" },
        { key: "vcpu", label: "vCPU requested", unit: "cores" },
        { key: "vcpuCapacity", label: "vCPU capacity", unit: "cores" },
        { key: "vcpuShare", label: "vCPU share", unit: "ratio" },
        { key: "memory", label: "memory requested", unit: "bytes" },
        { key: "memoryShare", label: "memory share", unit: "ratio" },
        { key: "storage", label: "storage requested", unit: "bytes" },
        { key: "storageShare", label: "storage share", unit: "ratio" },
        { key: "change", label: "of which this change (vCPU)", unit: "cores" },
      ],
      rows: cloudUsage(estate)
        .filter((u) => clouds.has(u.cloud))
        .map((u) => [
          u.cloud,
          u.requested.vcpu,
          u.capacity.vcpu,
          share(u.requested.vcpu, u.capacity.vcpu),
          u.requested.memoryGiB * GIB,
          share(u.requested.memoryGiB, u.capacity.memoryGiB),
          u.requested.storageGiB * GIB,
          share(u.requested.storageGiB, u.capacity.storageGiB),
          // What the change adds to that requested figure: an exempt or retired system reserves nothing there.
          mine
            .filter(({ r }) => r.doc.spec.cloud === u.cloud && !neverOnCloud(r.doc.spec))
            .reduce((n, { q }) => n + q.vcpu, 0),
        ]),
      empty: "none",
    },
  ];
}

function quotaSection(estate: Estate, systems: readonly string[]): string[] {
  const tables = quotaTables(estate, systems);
  if (tables.length === 0) return [];
  return [
    "",
    "### Quota and capacity",
    "",
    ...tables
      .map((t) => markdownTable(t, "en", 4).trimEnd())
      .join("\n\n")
      .split("\n"),
  ];
}

export function formatMarkdown(findings: readonly Finding[], input: ReportContext): string {
  const ctx = new Context(input);
  const summary = summarizeFindings(findings, ctx);
  const sorted = sortFindings(findings, ctx);
  const open = sorted.filter(isViolation);
  const excepted = sorted.filter((f) => f.result === "skip");
  const stale = input.staleExceptions ?? [];
  const lines: string[] = [MARKDOWN_MARKER];

  const verdict =
    summary.blocking > 0
      ? `❌ **${plural(summary.blocking, "blocking finding")}** (severity high or critical): this change cannot be merged until they are fixed or excepted by the security team.`
      : open.length > 0
        ? `✅ **No blocking findings**; ${plural(open.length, "finding")} to review below.`
        : "✅ **No findings.**";
  const judged = input.systems?.length
    ? `Judged: ${input.systems.map(code).join(", ")} with the whole estate${summary.estate ? ` ${code(summary.estate)}` : ""} as context, as of ${summary.today}.`
    : summary.objects
      ? `Judged: ${summary.objects.judged} of ${plural(summary.objects.total, "object")} given${summary.estate ? `, with estate ${code(summary.estate)} as context` : ""}, as of ${summary.today}.${summary.objects.notJudged.length > 0 ? ` Not judged (no rule covers their kind): ${notJudgedText(summary.objects.notJudged, code)}.` : ""}`
      : `Judged: ${summary.systems !== undefined ? plural(summary.systems, "system") : "the objects given"}${summary.estate ? ` of estate ${code(summary.estate)}` : ""}, as of ${summary.today}.`;
  lines.push("## govcloud check", "", verdict, "", judged);
  lines.push(
    "",
    `${summary.open.critical} critical · ${summary.open.high} high · ${summary.open.medium} medium · ${summary.open.low} low · ${summary.open.info} info open; ${summary.excepted} excepted; ${summary.results.pass} checks passed.`,
  );

  if (open.length > 0) {
    lines.push(
      "",
      "### Findings",
      "",
      "| | rule | where | finding | clause | how to fix |",
      "|---|---|---|---|---|---|",
    );
    for (const f of open) {
      const rule = ctx.rules.get(f.rule);
      const at = ctx.locationOf(f);
      const where = at ? code(`${at.uri}:${at.line}`) : cell(ctx.subjectLabel(f));
      const mark = `${ICON[rule.severity]} ${rule.severity}${isBlocking(f, ctx.rules) ? " **blocking**" : ""}${f.result === "warn" ? " (review)" : f.result === "error" ? " (rule error)" : ""}`;
      const expired = f.exception?.expired
        ? ` Exception ${code(f.exception.name)} expired on ${f.exception.expires}.`
        : "";
      lines.push(
        `| ${mark} | ${code(f.rule)} ${cell(rule.title)} | ${where} | ${cell(f.message)}${cell(expired)} | ${cell(clauseText(rule))} | ${cell(rule.remediation)} |`,
      );
    }
    const derived = [...new Set(open.map((f) => f.rule))]
      .map((id) => ctx.rules.get(id))
      .filter((r) => r.clause.derived);
    if (derived.length > 0)
      lines.push(
        "",
        "Derived rules (the project's concrete form of a clause, not the clause's text):",
        ...derived.map((r) => `- ${code(r.id)}: derived from ${cell(r.clause.derivedFrom ?? clauseText(r))}`),
      );
  }
  if (excepted.length > 0) {
    lines.push(
      "",
      `<details><summary>${plural(excepted.length, "excepted finding")}</summary>`,
      "",
      "| rule | subject | exception | approved by | until | justification |",
      "|---|---|---|---|---|---|",
    );
    for (const f of excepted) {
      const e = f.exception!;
      const left = daysLeft(e.expires, input.today);
      const until = left <= EXPIRY_WARNING_DAYS ? `${e.expires} ⏳ in ${plural(left, "day")}` : e.expires;
      lines.push(
        `| ${code(f.rule)} | ${cell(ctx.subjectLabel(f))} | ${code(e.name)} | ${cell(e.approver)} | ${until} | ${cell(e.justification)} |`,
      );
    }
    lines.push("", "</details>");
  }
  if (stale.length > 0) {
    lines.push(
      "",
      "### Stale exceptions",
      "",
      "These exceptions match no finding; remove them or correct their subject:",
      "",
    );
    for (const s of stale)
      lines.push(
        `- ${code(s.name)} (${code(s.rule)}): ${cell(s.message)}${s.source ? ` — ${code(`${joinPath(ctx.catalogPath, s.source.file)}:${s.source.line}`)}` : ""}`,
      );
  }
  if (input.estate) lines.push(...quotaSection(input.estate, input.systems ?? []));
  if (input.extraSections) for (const s of input.extraSections) lines.push("", s.trimEnd());
  return lines.join("\n") + "\n";
}
