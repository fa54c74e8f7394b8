/** The text report for a terminal: findings grouped by system (or object), most severe first. */
import type { Finding, Severity } from "../types.js";
import {
  clauseText,
  Context,
  daysLeft,
  EXPIRY_WARNING_DAYS,
  joinPath,
  notJudgedText,
  ownerOf,
  isViolation,
  plural,
  severityRank,
  sortFindings,
  summarizeFindings,
  type ReportContext,
} from "./common.js";

export interface TextOptions {
  /** ANSI colours (the caller decides: a TTY without NO_COLOR). */
  readonly color?: boolean;
  /** Also list passed results (normally only counted). */
  readonly showPassed?: boolean;
}

const SGR: Record<Severity | "skip" | "pass" | "dim" | "bold", string> = {
  critical: "1;31",
  high: "31",
  medium: "33",
  low: "36",
  info: "2",
  skip: "2",
  pass: "32",
  dim: "2",
  bold: "1",
};

interface Group {
  readonly key: string;
  readonly title: string;
  readonly findings: Finding[];
}

export function formatText(findings: readonly Finding[], input: ReportContext, options: TextOptions = {}): string {
  const ctx = new Context(input);
  const paint = (style: keyof typeof SGR, s: string) => (options.color ? `\x1b[${SGR[style]}m${s}\x1b[0m` : s);
  const shown = sortFindings(
    findings.filter((f) => options.showPassed || f.result !== "pass"),
    ctx,
  );

  // Groups: a system (catalog findings and the objects planned for it), else the subject itself.
  const groups = new Map<string, Group>();
  for (const f of shown) {
    const system = ctx.systemOf(f);
    const key = system ? `1:${system}` : `2:${ctx.subjectLabel(f)}`;
    let g = groups.get(key);
    if (!g) {
      const at = ctx.locationOf(f);
      const request = system ? input.estate?.index.request.get(system) : undefined;
      const file = request
        ? joinPath(ctx.catalogPath, request.source.file)
        : f.subject.type === "catalog"
          ? at?.uri
          : undefined;
      const owner = ownerOf(f, ctx);
      const title = system ?? ctx.subjectLabel(f);
      const header = [
        title,
        ...(file && file !== title ? [paint("dim", `(${file})`)] : []),
        ...(owner ? [paint("dim", `owner ${owner}`)] : []),
      ].join("  ");
      g = { key, title: header, findings: [] };
      groups.set(key, g);
    }
    g.findings.push(f);
  }
  const ordered = [...groups.values()].sort((a, b) => {
    const worst = (g: Group) =>
      Math.min(
        ...g.findings.map((f) =>
          f.result === "skip" || f.result === "pass" ? 10 : severityRank(ctx.rules.get(f.rule).severity),
        ),
      );
    return worst(a) - worst(b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  });

  const lines: string[] = [];
  const summary = summarizeFindings(findings, ctx);
  const scope = [
    summary.estate ? `estate ${summary.estate}` : undefined,
    summary.systems !== undefined ? plural(summary.systems, "system") + " judged" : undefined,
    summary.objects ? `${summary.objects.judged} of ${plural(summary.objects.total, "object")} judged` : undefined,
    `as of ${summary.today}`,
  ].filter(Boolean);
  lines.push(`govcloud check: ${scope.join(", ")}`);
  if (summary.objects && summary.objects.notJudged.length > 0)
    lines.push(`not judged (no rule covers their kind): ${notJudgedText(summary.objects.notJudged)}`);

  for (const g of ordered) {
    lines.push("", paint("bold", g.title));
    // Violations first, then excepted, then passed, each severity-sorted (sortFindings did that).
    const rank = (f: Finding) => (isViolation(f) ? 0 : f.result === "skip" ? 1 : 2);
    for (const f of [...g.findings].sort((a, b) => rank(a) - rank(b))) {
      const rule = ctx.rules.get(f.rule);
      const at = ctx.locationOf(f);
      const [style, word] =
        f.result === "skip"
          ? (["skip", "EXCEPTED"] as const)
          : f.result === "pass"
            ? (["pass", "PASS"] as const)
            : ([rule.severity, rule.severity.toUpperCase()] as const);
      const label = paint(style, word.padEnd(8));
      const where = at ? `${at.uri}:${at.line}:${at.column}` : ctx.subjectLabel(f);
      const result = f.result === "fail" || f.result === "skip" || f.result === "pass" ? "" : ` [${f.result}]`;
      lines.push(`  ${label}  ${f.rule}${result}  ${where}`);
      if (f.subject.type === "object" && ctx.systemOf(f)) lines.push(`            object: ${ctx.subjectLabel(f)}`);
      lines.push(`            ${f.message}`);
      lines.push(
        `            ${paint("dim", `${clauseText(rule)}${rule.clause.title ? ` (${rule.clause.title})` : ""}: ${rule.title}`)}`,
      );
      if (f.result !== "pass") {
        if (f.exception && f.result === "skip") {
          const e = f.exception;
          const left = daysLeft(e.expires, input.today);
          const soon = left <= EXPIRY_WARNING_DAYS ? paint("medium", ` (expires in ${plural(left, "day")})`) : "";
          lines.push(
            `            excepted by ${e.name}, approved by ${e.approver}, until ${e.expires}${soon}: ${e.justification}`,
          );
        } else {
          if (f.exception?.expired)
            lines.push(
              `            exception ${f.exception.name} expired on ${f.exception.expires}: the finding applies again`,
            );
          lines.push(`            fix: ${rule.remediation}`);
        }
      }
    }
  }

  const stale = input.staleExceptions ?? [];
  if (stale.length > 0) {
    lines.push("", paint("bold", "stale exceptions (they match no finding: remove them)"));
    for (const s of stale) {
      const where = s.source
        ? `${joinPath(ctx.catalogPath, s.source.file)}:${s.source.line}:${s.source.column}`
        : s.name;
      lines.push(`  ${where}  ${s.name}  ${s.rule}: ${s.message}`);
    }
  }

  const open = Object.entries(summary.open)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  lines.push(
    "",
    [
      summary.blocking > 0
        ? paint("critical", `FAIL: ${plural(summary.blocking, "blocking finding")}`)
        : paint(
            "pass",
            summary.objects?.judged === 0
              ? "PASS: no blocking findings, but nothing was judged"
              : "PASS: no blocking findings",
          ),
      open.length ? `open: ${open.join(", ")}` : "no open findings",
      `${summary.excepted} excepted${summary.expiringExceptions ? ` (${summary.expiringExceptions} expiring within ${EXPIRY_WARNING_DAYS} days)` : ""}`,
      `${summary.results.pass} passed`,
      ...(summary.staleExceptions ? [plural(summary.staleExceptions, "stale exception")] : []),
    ].join("; "),
  );
  return lines.join("\n") + "\n";
}
