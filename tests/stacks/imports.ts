/** What the stacks tests use, through the modules' public entry points. */
export * from "../../stacks/index.js";
import { requestQuota, type Estate, type Loaded, type SystemRequest } from "../../catalog/index.js";
export const requestQuotaOf = (estate: Estate, r: Loaded<SystemRequest>) => requestQuota(r.doc, estate.index.offering);
