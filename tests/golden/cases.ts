/**
 * The golden outputs: what the built `govcloud` prints (and, for `plan`, writes) on the embedded estate
 * with a fixed `--today`. A restructuring must leave every byte as it was; an intended change updates
 * the goldens deliberately (`UPDATE_GOLDEN=1 npx vitest run tests/golden`) in the commit that makes it.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { BIN, ROOT } from "../support/cli.js";

export const GOLDEN_DIR = join(ROOT, "tests/golden/expected");
export const TODAY = "2026-11-23";
const CHANGED = ["catalog/requests/housing/housing-fund.yaml", "catalog/requests/agriculture/poverty-alleviation.yaml"];

/** name → arguments; `plan` is special (its files are hashed). */
export const CASES: Readonly<Record<string, readonly string[]>> = {
  "validate.text": ["validate"],
  "validate.json": ["validate", "--format", "json"],
  "check.text": ["check", "--format", "text"],
  "check.json": ["check", "--format", "json"],
  "check.sarif": ["check", "--format", "sarif"],
  "check.markdown": ["check", "--format", "markdown"],
  "check.policyreport": ["check", "--format", "policyreport"],
  "check-changed.markdown": ["check", "--format", "markdown", "--changed", ...CHANGED],
  "check-changed.json": ["check", "--format", "json", "--changed", ...CHANGED],
  "check-objects.json": [
    "check",
    "--format",
    "json",
    "--objects",
    "policies/rules/mlps3/fixtures",
    "policies/rules/network/fixtures",
  ],
  "check-objects.text": ["check", "--format", "text", "--objects", "policies/rules/mlps3/fixtures"],
  "ipam.table": ["ipam"],
  "ipam.json": ["ipam", "--format", "json"],
  "ipam.csv": ["ipam", "--format", "csv"],
  "dr.table": ["dr"],
  "dr.json": ["dr", "--format", "json"],
};

export interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

function run(args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args, "--today", TODAY], {
      cwd,
      env: { ...process.env, CI: "true", NO_COLOR: "1" },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", fail);
    child.on("close", (status) =>
      done({
        status: status ?? -1,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      }),
    );
  });
}

/** Outputs larger than this are kept as their sha256 and size (the ipam JSON is 20 MB). */
const INLINE_LIMIT = 512 * 1024;
const digest = (s: string) => {
  const bytes = Buffer.from(s, "utf8");
  return `sha256 ${createHash("sha256").update(bytes).digest("hex")}, ${bytes.length} bytes\n`;
};
const body = (s: string) => (Buffer.byteLength(s, "utf8") > INLINE_LIMIT ? digest(s) : s);

/** One golden file's text: exit status, then stdout, then stderr (a large stream as its digest). */
export const render = (r: Run) => `exit ${r.status}\n--- stdout\n${body(r.stdout)}--- stderr\n${body(r.stderr)}`;

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join("/"))
    .sort();
}

/** `plan --engine all`: its output, and every written file's sha256 and size. */
async function plan(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "govcloud-golden-"));
  try {
    const r = await run(["plan", "--engine", "all", "--out", "out", "--catalog", join(ROOT, "catalog")], dir);
    const manifest = files(join(dir, "out")).map((f) => {
      const bytes = readFileSync(join(dir, "out", f));
      return `${createHash("sha256").update(bytes).digest("hex")}  ${String(bytes.length).padStart(9)}  ${f}`;
    });
    return `${render(r)}--- files\n${manifest.join("\n")}\n`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every golden output, by name (a few runs at once). */
export async function produce(concurrency = 3): Promise<Map<string, string>> {
  const jobs: [string, () => Promise<string>][] = [
    ["plan-all", plan],
    ...Object.entries(CASES).map(
      ([name, args]) => [name, async () => render(await run(args, ROOT))] as [string, () => Promise<string>],
    ),
  ];
  const result = new Map<string, string>();
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const [name, job] = jobs[next++]!;
      result.set(name, await job());
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return new Map([...result].sort(([a], [b]) => (a < b ? -1 : 1)));
}
