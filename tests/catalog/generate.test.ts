/**
 * Synthetic estates (`estate generate`): at 1x, 10x and 50x, over random seeds, the generated catalog
 * is valid, holds N times the requests on the same nodes with N times the capacity, and is the same
 * for the same seed.
 */
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assembleEstate, generateCatalog, readCatalog, type CatalogFile, type Estate } from "../../catalog/index.js";
import { ROOT } from "../support/cli.js";
import { tinyCatalog, toFiles, TODAY } from "../support/tiny-catalog.js";

interface Source {
  readonly estate: string;
  readonly files: readonly CatalogFile[];
}

const assemble = (s: Source, files: readonly CatalogFile[] = s.files) =>
  assembleEstate("/catalog", files, { estate: s.estate, today: TODAY });

function base(s: Source): Estate {
  const r = assemble(s);
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.estate!;
}

const asFiles = (generated: Map<string, string | Uint8Array>) => toFiles(Object.fromEntries(generated));

const seeds = fc.integer({ min: 1, max: 2 ** 31 - 1 });

type Scales = readonly { readonly scale: number; readonly runs: number }[];

function properties(name: string, scales: Scales, source: () => Promise<Source>): void {
  describe(name, () => {
    it.each(scales)("validates at $scale x over random seeds ($runs runs)", async ({ scale, runs }) => {
      const s = await source();
      const estate = base(s);
      fc.assert(
        fc.property(seeds, (seed) => {
          const r = assemble(s, asFiles(generateCatalog(estate, s.files, { scale, seed })));
          const errors = r.diagnostics.filter((d) => d.severity === "error");
          expect(errors, JSON.stringify(errors.slice(0, 5), null, 1)).toEqual([]);
          const g = r.estate!;
          expect(g.requests).toHaveLength(estate.requests.length * scale);
          // copies stay on their node, whose capacity grows by the same factor
          const perCloud = (e: Estate) =>
            e.requests.reduce(
              (m, q) => m.set(q.doc.spec.cloud, (m.get(q.doc.spec.cloud) ?? 0) + 1),
              new Map<string, number>(),
            );
          expect(perCloud(g)).toEqual(new Map([...perCloud(estate)].map(([c, n]) => [c, n * scale])));
          for (const c of g.clouds) {
            const before = estate.index.cloud.get(c.doc.metadata.name)!.doc.spec.capacity;
            expect(c.doc.spec.capacity).toEqual({
              vcpu: before.vcpu * scale,
              memoryGiB: before.memoryGiB * scale,
              storageTiB: before.storageTiB * scale,
            });
          }
          expect(g.departments).toHaveLength(estate.departments.length);
          expect(g.offerings).toHaveLength(estate.offerings.length);
        }),
        { numRuns: runs },
      );
    });

    it("is deterministic per seed", async () => {
      const s = await source();
      const estate = base(s);
      fc.assert(
        fc.property(seeds, fc.constantFrom(1, 2, 3), (seed, scale) => {
          const a = generateCatalog(estate, s.files, { scale, seed });
          const b = generateCatalog(estate, s.files, { scale, seed });
          expect([...b]).toEqual([...a]);
        }),
        { numRuns: 3 },
      );
    });
  });
}

// The scales the issue names: many seeds on the tiny catalog, where a run is cheap; a few on the
// embedded estate, where one run at 50x is 5,700 systems.
properties(
  "generated from the tiny catalog",
  [
    { scale: 1, runs: 10 },
    { scale: 10, runs: 6 },
    { scale: 50, runs: 3 },
  ],
  async () => ({ estate: "t", files: toFiles(tinyCatalog()) }),
);

properties(
  "generated from the embedded Shanxi estate",
  [
    { scale: 1, runs: 3 },
    { scale: 10, runs: 1 },
    { scale: 50, runs: 1 },
  ],
  async () => {
    const read = await readCatalog(join(ROOT, "catalog"), "shanxi");
    expect(read.diagnostics).toEqual([]);
    return { estate: "shanxi", files: read.files };
  },
);
