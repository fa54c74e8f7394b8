/**
 * Pack mlps3 — MLPS 2.0 level 3 (等保三级, GB/T 22239-2019 chapter 8 and its cloud extension 8.2), on
 * top of pack mlps2: the Pod Security Standards restricted profile, read-only root file systems,
 * images pinned by digest, secrets read by name only, restricted admission, a separate security officer
 * and a remote backup destination. Rule list: docs/mlps.md.
 */
import type { Rule } from "../../types.js";
import { rules as platform } from "./platform.js";
import { rules as rbac } from "./rbac.js";
import { rules as testing } from "./testing.js";
import { rules as workload } from "./workload.js";

export const rules: readonly Rule[] = [...workload, ...rbac, ...platform, ...testing];
