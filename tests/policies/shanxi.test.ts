/**
 * The embedded Shanxi estate's deliberate imperfections (catalog/IMPERFECTIONS.md) are found by the rules
 * of their family, at the line of the field the row names, and excepted exactly where the row says.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCatalog, type DocPath, type Estate, type Loaded } from "../../catalog/index.js";
import { evaluate, rules, type Evaluation, type Finding } from "../../policies/index.js";
import { ROOT } from "../support/cli.js";
import { TODAY } from "../support/tiny-catalog.js";

const CATALOG = join(ROOT, "catalog");
/** The packs a family of IMPERFECTIONS.md maps to. */
const PACKS: Record<string, readonly string[]> = {
  mlps: ["mlps2", "mlps3"],
  crypto: ["crypto"],
  data: ["data"],
  network: ["network"],
  dr: ["dr"],
  autonomy: ["autonomy"],
  governance: ["governance"],
};
/** The packs of this branch: their findings must point at a line the row names. */
const EXACT = new Set(["crypto", "data", "autonomy", "governance"]);

interface Row {
  readonly file: string;
  readonly document?: string;
  readonly paths: readonly DocPath[];
  readonly family: string;
  readonly exception?: string;
}

function rows(): Row[] {
  const text = readFileSync(join(CATALOG, "IMPERFECTIONS.md"), "utf8");
  return text
    .split("\n")
    .filter((l) => l.startsWith("| `"))
    .map((row) => {
      const cells = row.split(" | ").map((c) => c.replace(/^\|\s*|\s*\|$/g, ""));
      const code = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
      const [file, document] = code(cells[0]!)[0]!.split("#");
      const paths = code(cells[1]!).map((c) =>
        c
          .split(" = ")[0]!
          .split(".")
          .map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
      );
      const exception = code(cells[4]!)[0]
        ?.replace(/^exceptions\//, "")
        .replace(/\.yaml$/, "");
      return {
        file: file!,
        ...(document ? { document } : {}),
        paths,
        family: cells[3]!,
        ...(exception ? { exception } : {}),
      };
    });
}

let estate: Estate;
let evaluation: Evaluation;

beforeAll(async () => {
  const loaded = await loadCatalog(CATALOG, { today: TODAY });
  expect(loaded.estate, "the embedded catalog must load").toBeDefined();
  estate = loaded.estate!;
  evaluation = evaluate({ rules, estate, today: TODAY });
});

/** The loaded document a row names. */
function documentOf(row: Row): Loaded<unknown> | undefined {
  if (row.file.startsWith("requests/")) return estate.requests.find((r) => r.source.file === row.file);
  if (row.file.startsWith("exceptions/")) return estate.exceptions.find((e) => e.source.file === row.file);
  if (row.file === estate.network.source.file) return estate.network;
  return (
    estate.clouds.find((c) => c.source.file === row.file && c.doc.metadata.name === row.document) ??
    estate.departments.find((d) => d.source.file === row.file && d.doc.metadata.name === row.document)
  );
}

describe("the Shanxi imperfections", () => {
  for (const row of rows()) {
    const packs = PACKS[row.family] ?? [];
    const present = rules.some((r) => packs.includes(r.pack));
    it.skipIf(!present)(
      `${row.file}${row.document ? `#${row.document}` : ""}: ${row.family}${row.exception ? ` (excepted by ${row.exception})` : ""}`,
      () => {
        const doc = documentOf(row);
        expect(doc, row.file).toBeDefined();
        if (row.file.startsWith("exceptions/")) {
          // An exception row: it is in force and used.
          const name = (doc!.doc as { metadata: { name: string } }).metadata.name;
          expect(evaluation.findings.some((f) => f.result === "skip" && f.exception?.name === name)).toBe(true);
          return;
        }
        const lines = new Set(row.paths.map((p) => doc!.locate(p).line));
        const request = row.file.startsWith("requests/")
          ? (doc as Loaded<{ spec: { department: string } }>)
          : undefined;
        const about = (f: Finding) =>
          packs.includes(f.pack ?? "") &&
          f.subject.type === "catalog" &&
          ((f.subject.file === row.file && (!EXACT.has(row.family) || lines.has(f.subject.line))) ||
            // A department's autonomy rate is reported on the department, whose only system the row names.
            (request !== undefined &&
              f.subject.system === undefined &&
              f.subject.department === request.doc.spec.department));
        const found = evaluation.findings.filter(about);
        if (row.exception) {
          expect(
            found.some((f) => f.result === "skip" && f.exception?.name === row.exception),
            JSON.stringify(found, null, 2),
          ).toBe(true);
        } else {
          expect(
            found.some((f) => f.result === "fail" || f.result === "warn"),
            `no ${row.family} finding at lines ${[...lines].join(", ")} of ${row.file}`,
          ).toBe(true);
        }
      },
    );
  }

  it("has no finding that IMPERFECTIONS.md does not list (the other direction)", () => {
    const all = rows();
    const unlisted = evaluation.findings
      .filter((f) => f.result === "fail" || f.result === "warn" || f.result === "error" || f.result === "skip")
      .filter((f) => {
        if (f.subject.type !== "catalog") return true;
        const subject = f.subject;
        return !all.some((row) => {
          if (!(PACKS[row.family] ?? []).includes(f.pack ?? "")) return false;
          if (subject.file === row.file) return true;
          // A department's figure (autonomy) is listed under the department's only system.
          if (
            subject.system === undefined &&
            subject.department !== undefined &&
            row.file.startsWith(`requests/${subject.department}/`)
          )
            return true;
          return false;
        });
      })
      .map(
        (f) =>
          `${f.rule} ${f.subject.type === "catalog" ? `${f.subject.file}:${f.subject.line}` : f.subject.name}: ${f.message}`,
      );
    expect(unlisted).toEqual([]);
  });

  it("puts the Changzhi departments with overdue migrations on budget hold, and only warns elsewhere", () => {
    const department = (f: Finding) => (f.subject.type === "catalog" ? f.subject.department : undefined);
    const hold = evaluation.findings.filter((f) => f.rule === "GOV-MIG-001" && f.result === "fail");
    expect(hold.map(department).sort()).toEqual([
      "changzhi-education",
      "changzhi-health",
      "changzhi-housing",
      "changzhi-hrss",
    ]);
    for (const f of hold) expect(f.message).toContain(`department ${department(f)} is on budget hold`);
    const overdue = evaluation.findings.filter((f) => f.rule === "GOV-MIG-001" && f.result === "warn");
    expect(overdue.map(department).sort()).toEqual(["culture-tourism", "datong-hrss", "local-finance", "water"]);
    // A deadline from the tier default says so, with its clause.
    const water = overdue.find((f) => department(f) === "water")!;
    expect(water.message).toContain("2019-12-31");
    expect(water.message).toContain("晋政办发〔2019〕92号 一(二)");
    const datong = overdue.find((f) => department(f) === "datong-hrss")!;
    expect(datong.message).toContain("convention: Changzhi's date");
  });

  it("judges exempt and retired systems by the migration rules only", () => {
    const off = new Set(
      ["general-office/confidential-docs", "changzhi-education/exam-security", "changzhi-data/open-government"].map(
        (s) => `requests/${s}.yaml`,
      ),
    );
    const all = evaluate({ rules, estate, today: TODAY, listPasses: true });
    const about = all.findings.filter((f) => f.subject.type === "catalog" && off.has(f.subject.file));
    expect(new Set(about.map((f) => f.rule))).toEqual(new Set(["GOV-MIG-001", "GOV-MIG-002"]));
    expect(about.every((f) => f.result === "pass")).toBe(true);
  });
});
