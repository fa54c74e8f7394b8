/**
 * `npm run build` compiles the schema validators ahead of time (scripts/gen-validators.mjs). The built
 * command must find them fresh, or every run pays for compiling the schemas again; and they must judge
 * documents exactly as validators compiled at run time do.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { createAjv, KINDS } from "../../catalog/index.js";
import { META_SCHEMA_2020, PRECOMPILED_VALIDATORS, schemasFingerprint } from "../../catalog/kinds.js";
import { ROOT } from "../support/cli.js";
import { tinyCatalog } from "../support/tiny-catalog.js";

const built = createRequire(import.meta.url)(join(ROOT, "dist/catalog", PRECOMPILED_VALIDATORS)) as Record<
  string,
  ValidateFunction
> & { fingerprint: string };

describe("validators compiled at build time", () => {
  it("were built from the current schemas", () => {
    expect(built.fingerprint).toBe(schemasFingerprint());
    for (const k of KINDS) expect(typeof built[k.kind], k.kind).toBe("function");
  });

  it("report the same errors as validators compiled at run time", () => {
    const ajv = createAjv();
    const docs = Object.values(tinyCatalog()).flatMap((text) =>
      text.split(/^---$/m).map((d) => parse(d) as { kind: string; spec: Record<string, unknown> }),
    );
    // kinds the tiny estate does without: the IPAM and DR ledgers before their first write
    docs.push({
      kind: "IpamLedger",
      spec: {
        cities: { "140100": 1 },
        counties: {},
        townships: {},
        villages: { "140105001": "1-17" },
        clouds: { province: 0 },
      },
      ...{ apiVersion: "govcloud.io/v1alpha1", metadata: { name: "t" } },
    });
    docs.push({
      kind: "DrLedger",
      spec: { pairs: [{ system: "health/portal", primary: "prov-a", standby: "city-a", backup: "city-a" }] },
      ...{ apiVersion: "govcloud.io/v1alpha1", metadata: { name: "t" } },
    });
    const broken = docs.flatMap((d) => [
      d,
      { ...d, spec: { ...d.spec, displayName: 42, surplus: true } },
      { ...d, spec: {} },
    ]);
    expect(new Set(docs.map((d) => d.kind)).size).toBe(KINDS.length);
    for (const doc of broken) {
      const atRun = ajv.getSchema(KINDS.find((k) => k.kind === doc.kind)!.schema.$id)!;
      const atBuild = built[doc.kind]!;
      expect(atBuild(doc), doc.kind).toBe(atRun(doc));
      expect(atBuild.errors, doc.kind).toEqual(atRun.errors);
    }
  });

  it("check offerings' parameter schemas against the meta-schema as ajv's own does", () => {
    const own = new Ajv2020({ strict: false }).getSchema(META_SCHEMA_2020)!;
    const schemas = [
      { type: "object", properties: { vcpu: { type: "integer", minimum: 1 } }, required: ["vcpu"] },
      { type: "object", properties: { vcpu: { type: "integr" } } },
      { type: "object", required: "vcpu" },
      { type: "object", properties: { tier: { enum: [] } }, additionalProperties: 3 },
    ];
    const verdicts = schemas.map((s) => [built.MetaSchema2020!(s), own(s)]);
    expect(verdicts).toEqual([
      [true, true],
      [false, false],
      [false, false],
      [false, false],
    ]);
  });
});
