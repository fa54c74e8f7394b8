/**
 * Pack mlps2 — MLPS 2.0 level 2 (等保二级, GB/T 22239-2019 chapter 7 and its cloud extension 7.2),
 * which every system of level 2 or above must meet: workload hardening (the Pod Security Standards
 * baseline profile, resources, approved images), least privilege and separated duties in RBAC,
 * tenant isolation, the platform's level and audit retention. Rule list: docs/mlps.md.
 */
import type { Rule } from "../../types.js";
import { rules as filing } from "./filing.js";
import { rules as isolation } from "./isolation.js";
import { rules as platform } from "./platform.js";
import { rules as rbac } from "./rbac.js";
import { rules as workload } from "./workload.js";

export const rules: readonly Rule[] = [...workload, ...rbac, ...isolation, ...platform, ...filing];
