#!/usr/bin/env node
/**
 * govcloud: infrastructure-as-code and governance for a provincial government cloud.
 * Exit codes: 0 ok; 1 findings at error severity; 2 invalid input or usage; 3 internal error.
 */
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { commandsFor } from "./commands/index.js";
import { ExitCode, err, UsageError } from "./cli.js";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

/** The program with the commands `argv` needs (all of them by default: see commandsFor). */
export async function program(argv: readonly string[] = []): Promise<Command> {
  const p = new Command("govcloud")
    .description("one cloud, one network, one wall (一朵云、一张网、一城墙): the provincial government cloud as code")
    .version(pkg.version)
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of await commandsFor(argv)) register(p);
  for (const c of p.commands) {
    c.exitOverride();
    for (const sub of c.commands) sub.exitOverride();
  }
  return p;
}

async function main(argv: string[]): Promise<number> {
  try {
    await (await program(argv)).parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : ExitCode.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; every parse error is a usage error.
      return e.exitCode === 0 || e.code === "commander.helpDisplayed" || e.code === "commander.version"
        ? ExitCode.ok
        : ExitCode.invalid;
    }
    if (e instanceof UsageError) {
      if (e.message) err(`govcloud: ${e.message}`);
      return e.exitCode;
    }
    err(`govcloud: internal error: ${(e as Error)?.message ?? String(e)}`);
    if (process.env.GOVCLOUD_DEBUG) err((e as Error)?.stack ?? "");
    else err("(set GOVCLOUD_DEBUG=1 for the stack trace, and please report it)");
    return ExitCode.internal;
  }
}

// `govcloud ... | head` closes the pipe early: stop quietly, as Unix tools do, instead of crashing on EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? ExitCode.ok);
    throw e;
  });
}

process.exitCode = await main(process.argv);
