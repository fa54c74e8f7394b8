/**
 * The admission's quota book (operators/catalog/quota.ts) against what it replaced: after any sequence of
 * cache changes (instances added, updated, moved between nodes, released, deleted) and grants, what it
 * says is taken in a namespace or on a node, except one instance, equals the sum over the instances now
 * in the cache (each with its grant, else its status), as the controller once computed it per reconcile.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { QUOTA_RESOURCES, zeroQuota, type Quota } from "../../../catalog/index.js";
import { QuotaBook } from "../../../operators/catalog/index.js";

const quotaArb = fc.record({
  vcpu: fc.constantFrom(0, 0.1, 0.25, 0.5, 1, 2, 4, 16),
  memoryGiB: fc.constantFrom(0, 0.3, 0.5, 1, 4, 64),
  storageGiB: fc.constantFrom(0, 1, 10.7, 50, 1500),
  loadBalancers: fc.constantFrom(0, 1, 2),
}) as fc.Arbitrary<Quota>;

const keys = ["a/x", "a/y", "b/x", "b/z", "c/w"];
const nodes = ["n1", "n2", undefined];

type Op =
  | { op: "observe"; key: string; node: string | undefined; held: Quota }
  | { op: "forget"; key: string }
  | { op: "grant"; key: string; q: Quota }
  | { op: "ungrant"; key: string };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant("observe" as const),
    key: fc.constantFrom(...keys),
    node: fc.constantFrom(...nodes),
    held: quotaArb,
  }),
  fc.record({ op: fc.constant("forget" as const), key: fc.constantFrom(...keys) }),
  fc.record({ op: fc.constant("grant" as const), key: fc.constantFrom(...keys), q: quotaArb }),
  fc.record({ op: fc.constant("ungrant" as const), key: fc.constantFrom(...keys) }),
);

describe("QuotaBook", () => {
  it("says what the naive sum over the cached instances says, after any changes", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const book = new QuotaBook();
        const cache = new Map<string, { node: string | undefined; held: Quota }>();
        const grants = new Map<string, Quota>();
        for (const o of ops) {
          if (o.op === "observe") {
            book.observe(o.key, o.key.split("/")[0]!, o.node, o.held);
            cache.set(o.key, { node: o.node, held: o.held });
          } else if (o.op === "forget") {
            book.forget(o.key);
            cache.delete(o.key);
          } else if (o.op === "grant") {
            book.grant(o.key, o.q);
            grants.set(o.key, o.q);
          } else {
            book.ungrant(o.key);
            grants.delete(o.key);
          }
        }
        const naive = (match: (k: string, node: string | undefined) => boolean, except: string): Quota => {
          const t = zeroQuota();
          for (const [k, e] of cache) {
            if (k === except || !match(k, e.node)) continue;
            const q = grants.get(k) ?? e.held;
            for (const r of QUOTA_RESOURCES) t[r] += q[r];
          }
          return t;
        };
        const close = (a: Quota, b: Quota) => {
          for (const r of QUOTA_RESOURCES) expect(a[r]).toBeCloseTo(b[r], 9);
        };
        for (const except of [...keys, "none/none"]) {
          for (const ns of ["a", "b", "c"])
            close(
              book.taken({ namespace: ns }, except),
              naive((k) => k.startsWith(`${ns}/`), except),
            );
          for (const node of ["n1", "n2"])
            close(
              book.taken({ node }, except),
              naive((_k, n) => n === node, except),
            );
        }
      }),
      { numRuns: 300 },
    );
  });

  it("counts nothing for an empty namespace or node", () => {
    const book = new QuotaBook();
    expect(book.taken({ namespace: "none" })).toEqual(zeroQuota());
    expect(book.taken({ node: "none" }, "none/x")).toEqual(zeroQuota());
  });
});
