/**
 * Every `govcloud` subcommand, in the order `--help` lists them, each loaded only when asked for: a
 * command's module pulls in what it runs (the planners, the engines, the operators, prom-client), and a
 * process that runs `validate` should not pay for loading `plan` or `operators` (bench/ validate suite).
 */
import type { Command } from "commander";

type Register = (program: Command) => void;

export const COMMANDS: readonly (readonly [name: string, load: () => Promise<{ register: Register }>])[] = [
  ["validate", () => import("./validate.js")],
  ["estate", () => import("./estate.js")],
  ["plan", () => import("./plan.js")],
  ["check", () => import("./check.js")],
  ["ipam", () => import("./ipam.js")],
  ["dr", () => import("./dr.js")],
  ["migration", () => import("./migration.js")],
  ["operators", () => import("./operators.js")],
  ["exporter", () => import("./exporter.js")],
  ["report", () => import("./report.js")],
];

/**
 * The registrations of the commands a command line needs: the named command's alone when its first
 * argument names one, every command otherwise (`--help`, `help <command>`, a typo to suggest a name for).
 */
export async function commandsFor(argv: readonly string[]): Promise<Register[]> {
  const named = COMMANDS.find(([name]) => name === argv[2]);
  const wanted = named ? [named] : COMMANDS;
  return Promise.all(wanted.map(async ([, load]) => (await load()).register));
}
