/**
 * The `govcloud` command itself: `--help` on every command (found by walking the help output, so a
 * command added later is covered too), and usage errors that exit 2 with a message and no stack trace.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, govcloud, ROOT, STACK_TRACE, writeTree } from "../support/cli.js";
import { tinyCatalog } from "../support/tiny-catalog.js";

/** Subcommand names listed under "Commands:" in a help text, without commander's own `help`. */
function subcommands(help: string): string[] {
  const section = help.split(/^Commands:\n/m)[1] ?? "";
  return [...section.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]!).filter((name) => name !== "help");
}

/** Every command path, depth first: [], ["validate"], ["estate"], ["estate", "generate"], ... */
function commandPaths(): string[][] {
  const paths: string[][] = [];
  const visit = (path: string[]) => {
    paths.push(path);
    const r = govcloud([...path, "--help"]);
    for (const name of subcommands(r.stdout)) visit([...path, name]);
  };
  visit([]);
  return paths;
}

describe("--help", () => {
  const paths = commandPaths();

  it("finds the commands", () => {
    expect(paths.map((p) => p.join(" "))).toEqual(
      expect.arrayContaining(["", "validate", "estate", "estate generate"]),
    );
  });

  it.each(paths.map((p) => [p.join(" ") || "(govcloud)", p] as const))("%s --help", (_, path) => {
    const r = govcloud([...path, "--help"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(new RegExp(`^Usage: govcloud${path.map((p) => ` ${p}`).join("")} `));
    // a description under the usage line, and every option explained
    expect(r.stdout.split("\n")[2]!.trim()).not.toBe("");
    for (const line of r.stdout
      .split(/^Options:\n/m)[1]!
      .split(/^\S/m)[0]!
      .split("\n")) {
      if (/^ {2}-/.test(line))
        expect(line, `an option without a description in "${path.join(" ")}"`).toMatch(/^ {2}\S.*\S {2,}\S/);
    }
  });

  it("help <command> is the same as <command> --help", () => {
    expect(govcloud(["help", "validate"]).stdout).toBe(govcloud(["validate", "--help"]).stdout);
  });

  it("--version prints the package version", () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    const r = govcloud(["--version"]);
    expect([r.status, r.stdout]).toEqual([0, `${version}\n`]);
  });
});

describe("usage errors exit 2 with a message and no stack trace", () => {
  const catalog = writeTree(tinyCatalog());
  const out = join(writeTree({}), "out");
  it.each([
    ["no command", [], /Usage: govcloud/],
    ["an unknown command", ["deploy"], /unknown command 'deploy'/],
    ["an unknown option", ["validate", "--catalgo", catalog], /unknown option '--catalgo'/],
    [
      "an unknown format",
      ["validate", "--catalog", catalog, "--format", "xml"],
      /argument 'xml' is invalid. Allowed choices are text, json/,
    ],
    ["a stray argument", ["validate", catalog], /too many arguments/],
    [
      "a malformed --today",
      ["validate", "--catalog", catalog, "--estate", "t", "--today", "23/11/2026"],
      /--today 23\/11\/2026: expected YYYY-MM-DD/,
    ],
    ["an option without its value", ["validate", "--catalog"], /option '--catalog <dir>' argument missing/],
    ["estate without a subcommand", ["estate"], /Usage: govcloud estate/],
    ["generate without --scale", ["estate", "generate", "--out", out], /required option '--scale <n>' not specified/],
    ["generate without --out", ["estate", "generate", "--scale", "2"], /required option '--out <dir>' not specified/],
    [
      "a scale of zero",
      ["estate", "generate", "--scale", "0", "--out", out],
      /--scale 0: expected a whole number >= 1/,
    ],
    [
      "a scale that is not a number",
      ["estate", "generate", "--scale", "ten", "--out", out],
      /--scale ten: expected a whole number >= 1/,
    ],
    [
      "a fractional seed",
      ["estate", "generate", "--scale", "2", "--seed", "1.5", "--out", out],
      /--seed 1.5: expected a whole number >= 1/,
    ],
  ] as const)("%s", (_, args, message) => {
    const r = govcloud(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stdout).toBe("");
  });
});

describe("output into a pipe the reader closes early (govcloud … | head)", () => {
  it("stops quietly: no EPIPE, no stack trace", () => {
    const r = spawnSync("sh", ["-c", `"${process.execPath}" "${BIN}" ipam --format csv | head -n 2 >/dev/null`], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, CI: "true", GOVCLOUD_TODAY: "2026-11-23" },
    });
    expect(r.stderr).not.toMatch(/EPIPE/);
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });
});
