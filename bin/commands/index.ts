/** Every `govcloud` subcommand, registered in the order `--help` lists them. */
import type { Command } from "commander";
import { register as validate } from "./validate.js";
import { register as estate } from "./estate.js";
import { register as plan } from "./plan.js";
import { register as ipam } from "./ipam.js";
import { register as dr } from "./dr.js";
import { register as check } from "./check.js";
import { register as operators } from "./operators.js";
import { register as exporter } from "./exporter.js";

export const commands: readonly ((program: Command) => void)[] = [validate, estate, plan, check, ipam, dr, operators, exporter];
