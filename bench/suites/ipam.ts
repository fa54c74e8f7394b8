/**
 * The address plan of the whole province, every village included (~23,100 divisions x 2 planes x 2
 * families = ~92,400 prefixes): allocated from an empty ledger, and re-checked from a full one (what
 * `govcloud validate` and `govcloud plan` do on every run). Each case allocates, derives and prints
 * every prefix. Target: under 1 s each. Loading the catalog is setup, not timed.
 */
import { join } from "node:path";
import { loadCatalog, type Estate } from "../../catalog/index.js";
import { addressPlan, allocationRows, emptyLedger, type LedgerData } from "../../stacks/network/index.js";
import type { BenchContext, BenchSuite } from "../types.js";

async function estateOf(ctx: BenchContext): Promise<Estate> {
  const r = await loadCatalog(ctx.catalog(1));
  if (!r.estate)
    throw new Error(
      `the embedded catalog does not validate: ${r.diagnostics[0]?.code} at ${r.diagnostics[0]?.file}:${r.diagnostics[0]?.line}`,
    );
  return r.estate;
}

function derive(estate: Estate, ledger: LedgerData) {
  const plan = addressPlan(estate, { ledger });
  if (plan.diagnostics.some((d) => d.severity === "error"))
    throw new Error(`address plan: ${plan.diagnostics[0]!.message}`);
  const rows = allocationRows(plan);
  return { plan, rows };
}

const suite: BenchSuite = {
  id: "ipam",
  title: "address plan (IPAM) of the five levels, 2 planes x 2 families",
  cases: [
    {
      name: "allocate from an empty ledger",
      group: "ipam",
      target: { seconds: 1 },
      setup: estateOf,
      run: (_ctx, prepared) => {
        const { plan, rows } = derive(prepared as Estate, emptyLedger());
        return {
          units: rows.length,
          unit: "prefixes",
          note: `${plan.ipam.changes.added.length.toLocaleString("en-US")} slots allocated`,
        };
      },
    },
    {
      name: "re-check from a full ledger",
      group: "ipam",
      target: { seconds: 1 },
      setup: async (ctx) => {
        const estate = await estateOf(ctx);
        return { estate, ledger: addressPlan(estate, { ledger: emptyLedger() }).ipam.ledger };
      },
      run: (_ctx, prepared) => {
        const { estate, ledger } = prepared as { estate: Estate; ledger: LedgerData };
        const { plan, rows } = derive(estate, ledger);
        const { added, removed, reassigned } = plan.ipam.changes;
        if (added.length + removed.length + reassigned.length > 0)
          throw new Error("re-allocating from a full ledger changed it");
        return { units: rows.length, unit: "prefixes", note: "no slot changed" };
      },
    },
    {
      name: "govcloud ipam --format json (whole command)",
      group: "command",
      command: (ctx) => ({
        argv: [
          process.execPath,
          join(ctx.root, "dist/bin/govcloud.js"),
          "ipam",
          "--format",
          "json",
          "--catalog",
          ctx.catalog(1),
        ],
      }),
    },
  ],
};
export default suite;
