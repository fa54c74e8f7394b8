/**
 * Bad input as a new user meets it (issue 17, items 3–8 and 10): each case runs the built `govcloud`
 * and asserts the exact diagnostic code, file, line (and column) and exit code, and that no stack
 * trace or "internal error" reaches the user.
 */
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../catalog/index.js";
import { BIN, govcloud, ROOT, STACK_TRACE, writeTree, type CliResult } from "../support/cli.js";
import { tinyCatalog } from "../support/tiny-catalog.js";
import { waitFor } from "../support/wait.js";

const PORTAL = "requests/health/portal.yaml";

function noStack(r: CliResult): void {
  expect(r.stderr).not.toMatch(STACK_TRACE);
  expect(r.stdout).not.toMatch(STACK_TRACE);
  expect(r.stderr).not.toContain("internal error");
}

/** The tiny catalog with one file's text replaced (exactly one occurrence). */
function catalogWith(file: string, from: string, to: string): string {
  const t = tinyCatalog();
  expect(t[file]!.split(from).length - 1, `${file} should contain "${from}" once`).toBe(1);
  t[file] = t[file]!.replace(from, to);
  return writeTree(t);
}

/** The diagnostics of `validate --format json`, as `file:line:col code`. */
function validateJson(dir: string): { status: number; at: string[]; diagnostics: Diagnostic[] } {
  const r = govcloud(["validate", "--catalog", dir, "--estate", "t", "--format", "json"]);
  noStack(r);
  const doc = JSON.parse(r.stdout) as { diagnostics: Diagnostic[] };
  return {
    status: r.status,
    at: doc.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`),
    diagnostics: doc.diagnostics,
  };
}

const BOMB = `  bomb0: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]
  bomb1: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
  bomb2: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
  bomb3: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
  bomb4: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
  bomb5: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
`;

describe("item 3: a YAML alias bomb is bad input, not an internal error", () => {
  // the portal's metadata gets the bomb after `name: portal` (line 4): the first alias is line 6, column 14
  const dir = () => catalogWith(PORTAL, "  name: portal\n", `  name: portal\n${BOMB}`);

  it("validate, text and JSON: the file and the line of the first alias, exit 2", () => {
    const d = dir();
    const text = govcloud(["validate", "--catalog", d, "--estate", "t"]);
    noStack(text);
    expect(text.status).toBe(2);
    expect(text.stderr).toContain(`${PORTAL}:6:14  yaml-alias-expansion`);
    const json = validateJson(d);
    expect(json.status).toBe(2);
    expect(json.at).toEqual([`${PORTAL}:6:14 yaml-alias-expansion`]);
  });

  it("check in every format: the diagnostic, exit 2; --format json prints its document", () => {
    const d = dir();
    for (const format of ["text", "json", "sarif", "markdown", "policyreport"]) {
      const r = govcloud(["check", "--catalog", d, "--estate", "t", "--format", format]);
      noStack(r);
      expect(r.status, format).toBe(2);
      expect(r.stderr, format).toContain(`${PORTAL}:6:14  yaml-alias-expansion`);
      if (format === "json") {
        const doc = JSON.parse(r.stdout) as { valid: boolean; diagnostics: Diagnostic[] };
        expect(doc.valid).toBe(false);
        expect(doc.diagnostics.map((x) => `${x.file}:${x.line}:${x.column} ${x.code}`)).toEqual([
          `${PORTAL}:6:14 yaml-alias-expansion`,
        ]);
      } else expect(r.stdout, format).toBe("");
    }
  });

  it("an --objects file: the file and the line of the first alias, exit 2", () => {
    const dir = writeTree({ "cm.yaml": `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n${BOMB}` });
    for (const format of ["text", "json"]) {
      const r = govcloud(["check", "--objects", "cm.yaml", "--format", format], { cwd: dir });
      noStack(r);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("cm.yaml:7:14  yaml-alias-expansion");
    }
  });
});

describe("item 4: an output path that cannot be created fails at once", () => {
  it.skipIf(!existsSync("/proc/self"))(
    "plan --out /proc/foo: exit 2 naming the path, instead of spinning forever",
    () => {
      const r = spawnSync(
        process.execPath,
        [BIN, "plan", "--catalog", writeTree(tinyCatalog()), "--estate", "t", "--out", "/proc/foo"],
        {
          encoding: "utf8",
          env: { ...process.env, CI: "true", GOVCLOUD_TODAY: "2026-11-23" },
          timeout: 50_000, // before the fix it never returned; killed here, status is null
        },
      );
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("govcloud: --out /proc/foo: cannot write it: /proc accepts no new files or folders");
      expect(r.stderr).not.toMatch(STACK_TRACE);
    },
  );
});

describe("item 5: an unwritable output is the user's environment: which path, why, exit 2", () => {
  const scratch = () => mkdtempSync(join(tmpdir(), "govcloud-out-"));

  it("ENOTDIR: --out and --output below a file", () => {
    const dir = scratch();
    writeFileSync(join(dir, "afile"), "x\n");
    const cat = writeTree(tinyCatalog());
    const plan = govcloud(["plan", "--catalog", cat, "--estate", "t", "--out", join(dir, "afile", "out")]);
    noStack(plan);
    expect(plan.status).toBe(2);
    expect(plan.stderr).toContain(
      `--out ${join(dir, "afile", "out")}: cannot write it: a part of the path is a file, not a folder [ENOTDIR]`,
    );
    const check = govcloud(["check", "--catalog", cat, "--estate", "t", "--output", join(dir, "afile", "r.txt")]);
    noStack(check);
    expect(check.status).toBe(2);
    expect(check.stderr).toContain(`(at ${join(dir, "afile")}): a part of the path is a file, not a folder [ENOTDIR]`);
  });

  it("--output naming a folder", () => {
    const dir = scratch();
    const r = govcloud(["check", "--catalog", writeTree(tinyCatalog()), "--estate", "t", "--output", dir]);
    noStack(r);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`--output ${dir}: cannot write it: it is a folder; name a file [EISDIR]`);
  });

  // Root may write anywhere: run as `nobody` then (setpriv), else as this user on a read-only folder.
  const asRoot = process.getuid?.() === 0;
  const setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].find((p) => existsSync(p));
  it.skipIf(asRoot && !setpriv)("EACCES: a folder this user may not write", () => {
    const dir = scratch();
    const locked = join(dir, "locked");
    mkdirSync(locked);
    chmodSync(dir, 0o755);
    chmodSync(locked, 0o555);
    const cat = writeTree(tinyCatalog());
    chmodSync(cat, 0o755);
    for (const sub of readdirSync(cat, { recursive: true }) as string[])
      chmodSync(join(cat, sub), existsSync(join(cat, sub, ".")) ? 0o755 : 0o644);
    const args = ["check", "--catalog", cat, "--estate", "t", "--output", join(locked, "report.txt")];
    const r = asRoot
      ? spawnSync(setpriv!, ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, BIN, ...args], {
          encoding: "utf8",
          cwd: tmpdir(),
          env: { ...process.env, CI: "true", GOVCLOUD_TODAY: "2026-11-23" },
        })
      : spawnSync(process.execPath, [BIN, ...args], {
          encoding: "utf8",
          env: { ...process.env, CI: "true", GOVCLOUD_TODAY: "2026-11-23" },
        });
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      `--output ${join(locked, "report.txt")}: cannot write it (at ${locked}): permission denied: this user may not write there [EACCES]`,
    );
  });

  // A read-only file system needs a mount: root mounts a read-only tmpfs in a scratch folder (real EROFS
  // from the kernel); where mounting is not allowed the case is skipped (REQUIRE_SYSTEM_DEPS=1 fails it).
  const readOnlyMount = (): string | undefined => {
    const dir = scratch();
    const m = spawnSync("mount", ["-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", dir], { encoding: "utf8" });
    if (m.status === 0) return dir;
    if (process.env.REQUIRE_SYSTEM_DEPS === "1") throw new Error(`cannot mount a read-only tmpfs: ${m.stderr}`);
    return undefined;
  };
  it("EROFS: --out and --output on a read-only file system", (ctx) => {
    const ro = readOnlyMount();
    if (!ro) return ctx.skip();
    try {
      const cat = writeTree(tinyCatalog());
      const plan = govcloud(["plan", "--catalog", cat, "--estate", "t", "--out", join(ro, "out")]);
      noStack(plan);
      expect(plan.status).toBe(2);
      expect(plan.stderr).toContain(
        `--out ${join(ro, "out")}: cannot write it (at ${ro}): the file system is read-only [EROFS]`,
      );
      const check = govcloud(["check", "--catalog", cat, "--estate", "t", "--output", join(ro, "r.txt")]);
      noStack(check);
      expect(check.status).toBe(2);
      expect(check.stderr).toContain(
        `--output ${join(ro, "r.txt")}: cannot write it (at ${ro}): the file system is read-only [EROFS]`,
      );
      expect(readdirSync(ro)).toEqual([]);
    } finally {
      spawnSync("umount", [ro]);
    }
  });
});

describe("item 6: an interrupted plan leaves no temporary folder, and the next run removes stale ones", () => {
  it("SIGINT during plan: exit 130, no .out.tmp-<pid>/ left, the previous output unchanged", async () => {
    const dir = mkdtempSync(join(tmpdir(), "govcloud-sigint-"));
    const out = join(dir, "out");
    const catalog = join(ROOT, "catalog"); // the real estate: planning it takes long enough to be interrupted
    expect(govcloud(["plan", "--catalog", catalog, "--out", out, "--engine", "manifests"]).status).toBe(0);
    const before = readFileSync(join(out, "plan.json"), "utf8");
    const child = spawn(process.execPath, [BIN, "plan", "--catalog", catalog, "--out", out], {
      env: { ...process.env, CI: "true", GOVCLOUD_TODAY: "2026-11-23" },
    });
    let stderr = "";
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));
    // wait until the temporary folder exists, then interrupt
    const tmp = `.out.tmp-${child.pid}`;
    await waitFor(`${tmp} in ${dir}`, () => readdirSync(dir).includes(tmp), { intervalMs: 20 });
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(stderr).toContain("interrupted (SIGINT)");
    expect(readdirSync(dir)).toEqual(["out"]);
    expect(readFileSync(join(out, "plan.json"), "utf8")).toBe(before);
  });

  it("stale temporary folders of dead processes are removed by the next run; a live one's are kept", () => {
    const dir = mkdtempSync(join(tmpdir(), "govcloud-stale-"));
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
      encoding: "utf8",
    }).stdout;
    mkdirSync(join(dir, `.out.tmp-${dead}`, "manifests"), { recursive: true });
    writeFileSync(join(dir, `.out.tmp-${dead}`, "manifests", "half.yaml"), "kind: Half\n");
    mkdirSync(join(dir, `.out.tmp-${process.pid}`)); // this test's own process is alive
    const r = govcloud([
      "plan",
      "--catalog",
      writeTree(tinyCatalog()),
      "--estate",
      "t",
      "--out",
      join(dir, "out"),
      "--engine",
      "manifests",
    ]);
    noStack(r);
    expect(r.status).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([`.out.tmp-${process.pid}`, "out"]);
  });
});

describe("item 7: --objects input is bounded and parsed in linear time", () => {
  it("a document larger than Kubernetes stores is refused before parsing, at its line", () => {
    const big = ["apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: big", "data:"];
    for (let i = 0; i < 120_000; i++) big.push(`  key${i}: value-${i}`);
    const dir = writeTree({
      "objects.yaml": `apiVersion: v1\nkind: Service\nmetadata: { name: small }\n---\n${big.join("\n")}\n`,
    });
    const r = govcloud(["check", "--objects", "objects.yaml"], { cwd: dir });
    noStack(r);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^objects\.yaml:4:1 {2}object-too-large {2}the YAML document starting here is \d+ bytes/m);
  });

  it("a ConfigMap of 20,000 keys is read, and a repeated key found at its line (one pass, not one per key)", () => {
    const lines = [
      "apiVersion: v1",
      "kind: ConfigMap",
      "metadata:",
      "  name: many",
      "  labels: &l { app: x }",
      "data:",
    ];
    for (let i = 0; i < 20_000; i++) lines.push(`  key${i}: value-${i}`);
    lines.push("  key7: again");
    const dir = writeTree({ "cm.yaml": `${lines.join("\n")}\n`, "ok.yaml": `${lines.slice(0, -1).join("\n")}\n` });
    const bad = govcloud(["check", "--objects", "cm.yaml"], { cwd: dir });
    noStack(bad);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(`cm.yaml:${lines.length}:3  yaml-duplicate-key`);
    const ok = govcloud(["check", "--objects", "ok.yaml", "--format", "json"], { cwd: dir });
    noStack(ok);
    expect(ok.status).toBe(0);
  });
});

describe("item 8: plan --out inside the catalog is refused, as estate generate refuses it", () => {
  it("plan --out catalog/requests/zz and check --output inside the catalog: exit 2, nothing written", () => {
    const cat = writeTree(tinyCatalog());
    const plan = govcloud(["plan", "--catalog", cat, "--estate", "t", "--out", join(cat, "requests", "zz")]);
    noStack(plan);
    expect(plan.status).toBe(2);
    expect(plan.stderr).toContain(`--out ${join(cat, "requests", "zz")} overlaps the catalog it reads`);
    const check = govcloud(["check", "--catalog", cat, "--estate", "t", "--output", join(cat, "report.json")]);
    expect(check.status).toBe(2);
    expect(check.stderr).toContain(`--output ${join(cat, "report.json")} overlaps the catalog it reads`);
    expect(existsSync(join(cat, "requests", "zz"))).toBe(false);
    expect(existsSync(join(cat, "report.json"))).toBe(false);
    expect(govcloud(["validate", "--catalog", cat, "--estate", "t"]).status).toBe(0);
  });
});

describe("item 10: the YAML mistakes of typing Chinese get one diagnostic, where the mistake is", () => {
  // The portal request (tinyCatalog): line 7 `  department: health`, 8 `  cloud: province`,
  // 12 `  zones: [public]`, 13 `  platform: { cpu: kunpeng, os: kylin }`.
  const cases: readonly { name: string; from: string; to: string; at: string; code: string; names: string }[] = [
    {
      name: "a full-width colon after a key",
      from: "  department: health",
      to: "  department： health",
      at: "7:13",
      code: "yaml-fullwidth-colon",
      names: "U+FF1A",
    },
    {
      name: "a full-width colon in a flow map",
      from: "cpu: kunpeng",
      to: "cpu： kunpeng",
      at: "13:18",
      code: "yaml-fullwidth-colon",
      names: "U+FF1A",
    },
    {
      name: "a full-width space U+3000 in the indentation",
      from: "  cloud: province",
      to: "\u3000\u3000cloud: province",
      at: "8:1",
      code: "yaml-unicode-space-indent",
      names: "U+3000",
    },
    {
      name: "a no-break space in the indentation",
      from: "  cloud: province",
      to: " \u00a0cloud: province",
      at: "8:2",
      code: "yaml-unicode-space-indent",
      names: "U+00A0",
    },
    {
      name: "one tab in the indentation",
      from: "  cloud: province",
      to: "\tcloud: province",
      at: "8:1",
      code: "yaml-tab-as-indent",
      names: "tab",
    },
    {
      name: "a missing }",
      from: "os: kylin }",
      to: "os: kylin",
      at: "13:38",
      code: "yaml-unclosed-flow",
      names: '"}"',
    },
    {
      name: "a missing ]",
      from: "zones: [public]",
      to: "zones: [public",
      at: "12:17",
      code: "yaml-unclosed-flow",
      names: '"]"',
    },
    {
      name: "a full-width comma in a flow map",
      from: "cpu: kunpeng, os",
      to: "cpu: kunpeng， os",
      at: "13:27",
      code: "yaml-fullwidth-comma",
      names: "U+FF0C",
    },
  ];
  for (const c of cases) {
    it(`${c.name}: one ${c.code} at ${c.at}, exit 2`, () => {
      const r = validateJson(catalogWith(PORTAL, c.from, c.to));
      expect(r.status).toBe(2);
      expect(r.at).toEqual([`${PORTAL}:${c.at} ${c.code}`]);
      expect(`${r.diagnostics[0]!.message} ${r.diagnostics[0]!.hint}`).toContain(c.names);
    });
  }

  it("the same mistakes in an --objects file", () => {
    const dir = writeTree({ "d.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name： web\n" });
    const r = govcloud(["check", "--objects", "d.yaml"], { cwd: dir });
    noStack(r);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("d.yaml:4:7  yaml-fullwidth-colon");
  });
});
