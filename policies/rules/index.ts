/**
 * The rule registry: every pack's rules, in pack order. A pack is `policies/rules/<pack>/index.ts`
 * exporting `rules`; add its import here.
 */
import type { Rule } from "../types.js";
import { rules as mlps2 } from "./mlps2/index.js";
import { rules as mlps3 } from "./mlps3/index.js";
import { rules as crypto } from "./crypto/index.js";
import { rules as data } from "./data/index.js";
import { rules as autonomy } from "./autonomy/index.js";
import { rules as governance } from "./governance/index.js";
import { rules as network } from "./network/index.js";
import { rules as dr } from "./dr/index.js";

export const packs: Readonly<Record<string, readonly Rule[]>> = {
  mlps2,
  mlps3,
  crypto,
  data,
  network,
  dr,
  autonomy,
  governance,
};

export const rules: readonly Rule[] = Object.values(packs).flat();
