/**
 * The embedded Shanxi estate: it loads without a single diagnostic, has the shape of the "1+11+N" clouds,
 * carries the deliberate imperfections catalog/IMPERFECTIONS.md lists, and scales to a valid 10x estate.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import {
  assembleEstate,
  cloudUsage,
  generateCatalog,
  loadCatalog,
  readCatalog,
  type Estate,
  type LoadResult,
} from "../../catalog/index.js";
import { daysOverdue } from "../../stacks/migration/index.js";
import { toFiles, TODAY } from "../support/tiny-catalog.js";

const CATALOG = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "catalog");
const CITIES = [
  "140100",
  "140200",
  "140300",
  "140400",
  "140500",
  "140600",
  "140700",
  "140800",
  "140900",
  "141000",
  "141100",
];
const INDUSTRIES = [
  "public-security",
  "health",
  "education",
  "hr-social-security",
  "emergency",
  "energy",
  "transport",
  "natural-resources",
];

let loaded: LoadResult;
let estate: Estate;
beforeAll(async () => {
  loaded = await loadCatalog(CATALOG, { today: TODAY });
  estate = loaded.estate!;
});

describe("the embedded Shanxi estate", () => {
  it("loads with no diagnostic at all, not even a warning", () => {
    expect(loaded.diagnostics).toEqual([]);
    expect(estate).toBeDefined();
    expect(estate.estate.doc.spec.province).toEqual({ code: "140000", name: "山西省" });
  });

  it('has the "1+11+N" clouds: one provincial cloud with two Taiyuan sites, 11 city clouds keyed by division, 8 industry clouds', () => {
    expect(estate.clouds).toHaveLength(20);
    const byTier = (tier: string) => estate.clouds.filter((c) => c.doc.spec.tier === tier).map((c) => c.doc);

    const [province, ...otherProvincial] = byTier("provincial");
    expect(otherProvincial).toEqual([]);
    expect(province!.metadata.name).toBe("province");
    expect(province!.spec.sites.map((s) => s.city)).toEqual(["140100", "140100"]);
    expect(province!.spec.sites.every((s) => s.objectStorage)).toBe(true);
    expect(province!.spec.backend?.type).toBe("pg");

    const cities = byTier("city");
    expect(cities.map((c) => c.metadata.name).sort()).toEqual(CITIES.map((c) => `city-${c}`));
    for (const c of cities) {
      expect(c.metadata.name).toBe(`city-${c.spec.division}`);
      expect(c.spec.sites.every((s) => s.city === c.spec.division)).toBe(true);
      expect(c.spec.kube.context).toBe(`sx-city-${c.spec.division}`);
    }
    expect(cities.filter((c) => c.spec.sites.length === 2).length).toBeGreaterThan(cities.length / 2);
    expect(cities.filter((c) => c.spec.maxMlpsLevel === 2).length).toBeGreaterThan(0);

    const industry = byTier("industry");
    expect(industry.map((c) => c.spec.industry).sort()).toEqual([...INDUSTRIES].sort());
    // industry clouds are spread over several cities, so that DR partners can be found in another city
    expect(new Set(industry.flatMap((c) => c.spec.sites.map((s) => s.city))).size).toBeGreaterThanOrEqual(5);
  });

  it("sizes every node so that its requests use 25-55% of its vCPU and memory", () => {
    for (const u of cloudUsage(estate)) {
      expect(u.systems, u.cloud).toBeGreaterThan(0);
      for (const [used, cap] of [
        [u.requested.vcpu, u.capacity.vcpu],
        [u.requested.memoryGiB, u.capacity.memoryGiB],
      ] as const) {
        expect(used / cap, `${u.cloud}: ${used} of ${cap}`).toBeGreaterThanOrEqual(0.25);
        expect(used / cap, `${u.cloud}: ${used} of ${cap}`).toBeLessThanOrEqual(0.55);
      }
      expect(u.requested.storageGiB / u.capacity.storageGiB, u.cloud).toBeLessThanOrEqual(0.55);
    }
  });

  it("has at least 30 provincial departments and the key municipal departments of every city", () => {
    const provincial = estate.departments.filter((d) => d.doc.spec.level === "provincial");
    expect(provincial.length).toBeGreaterThanOrEqual(30);
    for (const code of CITIES) {
      const municipal = estate.departments
        .filter((d) => d.doc.spec.city === code)
        .map((d) => d.doc.metadata.name.split("-").slice(1).join("-"));
      expect(municipal, code).toEqual(expect.arrayContaining(["approval", "data", "police", "health", "hrss"]));
    }
  });

  it("offers at least 20 services covering every catalogue category, domestic databases and both MLPS packs", () => {
    const offerings = estate.offerings.map((o) => o.doc);
    expect(offerings.length).toBeGreaterThanOrEqual(20);
    expect(new Set(offerings.map((o) => o.spec.category))).toEqual(
      new Set([
        "compute",
        "bare-metal",
        "block-storage",
        "file-storage",
        "object-storage",
        "load-balancer",
        "database",
        "cache",
        "message-queue",
        "middleware",
        "container",
        "security",
        "dr",
        "big-data",
        "ai",
      ]),
    );
    const names = offerings.map((o) => o.metadata.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "dameng",
        "kingbase",
        "gaussdb",
        "oceanbase",
        "tongweb",
        "bes",
        "mlps2-pack",
        "mlps3-pack",
        "backup",
        "dr-active-standby",
        "dr-active-active",
        "big-data-platform",
        "ai-platform",
      ]),
    );
    expect(offerings.some((o) => o.spec.category === "bare-metal" && o.spec.domestic)).toBe(true);
  });

  it("has at least 45 systems on all three tiers", () => {
    expect(estate.requests.length).toBeGreaterThanOrEqual(45);
    const tiers = new Set(estate.requests.map((r) => estate.index.cloud.get(r.doc.spec.cloud)!.doc.spec.tier));
    expect(tiers).toEqual(new Set(["provincial", "city", "industry"]));
  });

  it("runs the one-stop service platform at DR level 6, active-active on the provincial cloud", () => {
    const oneStop = estate.index.request.get("approval/one-stop")!.doc.spec;
    expect(oneStop).toMatchObject({ cloud: "province", mlpsLevel: 3, dr: { level: 6, rpoMinutes: 0 } });
    expect(oneStop.services.map((s) => s.offering)).toContain("dr-active-active");
  });

  it("gives every system a DR service that matches its level", () => {
    for (const r of estate.requests) {
      const { level } = r.doc.spec.dr;
      const offerings = r.doc.spec.services.map((s) => s.offering);
      const mode = level === 6 ? "dr-active-active" : level >= 3 ? "dr-active-standby" : "backup";
      expect(offerings, `${r.doc.spec.department}/${r.doc.metadata.name}`).toContain(mode);
    }
  });
});

/** One row of the IMPERFECTIONS.md table. */
interface Imperfection {
  file: string;
  document?: string;
  checks: { path: string; value: unknown }[];
  family: string;
  exception?: string;
}

function imperfections(): Imperfection[] {
  const text = readFileSync(join(CATALOG, "IMPERFECTIONS.md"), "utf8");
  const rows = text.split("\n").filter((l) => l.startsWith("| `"));
  return rows.map((row) => {
    const cells = row.split(" | ").map((c) => c.replace(/^\|\s*|\s*\|$/g, ""));
    expect(cells, row).toHaveLength(5);
    const code = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    const [file, document] = code(cells[0]!)[0]!.split("#");
    const checks = code(cells[1]!).map((c) => {
      const m = /^([\w.]+) = (.+)$/.exec(c);
      expect(m, `check "${c}"`).not.toBeNull();
      return { path: m![1]!, value: JSON.parse(m![2]!) as unknown };
    });
    const exception = code(cells[4]!)[0];
    return {
      file: file!,
      ...(document ? { document } : {}),
      checks,
      family: cells[3]!,
      ...(exception ? { exception } : {}),
    };
  });
}

describe("catalog/IMPERFECTIONS.md", () => {
  const rows = imperfections();

  it("lists the imperfections the brief asks for", () => {
    expect(rows.length).toBeGreaterThanOrEqual(10);
    expect(new Set(rows.map((r) => r.family))).toEqual(
      new Set(["governance", "crypto", "data", "mlps", "autonomy", "dr", "network"]),
    );
  });

  it.each(
    rows.map(
      (r) => [`${r.file}${r.document ? `#${r.document}` : ""}: ${r.checks.map((c) => c.path).join(", ")}`, r] as const,
    ),
  )("%s is present in the data", (_, row) => {
    const docs = parseAllDocuments(readFileSync(join(CATALOG, row.file), "utf8")).map(
      (d) => d.toJS() as { metadata: { name: string } },
    );
    const doc = row.document === undefined ? docs[0] : docs.find((d) => d.metadata.name === row.document);
    expect(doc, `${row.file}#${row.document}`).toBeDefined();
    for (const { path, value } of row.checks) {
      const actual = path
        .split(".")
        .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
      expect(actual, `${row.file} ${path}`).toEqual(value);
    }
  });

  it("names only exceptions that exist, cover the row's system and are still valid today", () => {
    for (const row of rows.filter((r) => r.exception)) {
      const name = row.exception!.replace(/^exceptions\/|\.yaml$/g, "");
      const exception = estate.exceptions.find((e) => e.doc.metadata.name === name);
      expect(exception, row.exception).toBeDefined();
      const [, department, system] = row.file.replace(/\.yaml$/, "").split("/");
      expect(exception!.doc.spec.subject).toMatchObject({ department, system });
      expect(exception!.doc.spec.expires > TODAY).toBe(true);
    }
  });

  it("lists every system that breaks one of the plain invariants, so that nothing else is expected to fail", () => {
    type Spec = Estate["requests"][number]["doc"]["spec"];
    const domestic = new Set(["kunpeng", "phytium", "hygon", "zhaoxin", "loongson"]);
    const overdue = new Set<Spec>(
      estate.requests.filter((r) => daysOverdue(estate, r, TODAY) > 0).map((r) => r.doc.spec),
    );
    const invariants: { path: string; broken: (s: Spec) => boolean }[] = [
      {
        path: "spec.migration.phase",
        broken: (s) => s.migration !== undefined && overdue.has(s),
      },
      {
        path: "spec.audit.retentionDays",
        broken: (s) => (s.audit?.retentionDays ?? 180) < estate.estate.doc.spec.policy.auditRetentionDays,
      },
      { path: "spec.encryption.atRest", broken: (s) => s.dataLevel !== "general" && s.encryption?.atRest !== "SM4" },
      {
        path: "spec.ingress.gatewayClass",
        broken: (s) => s.mlpsLevel >= 3 && s.ingress?.internetFacing === true && s.ingress.gatewayClass !== "gm-tls",
      },
      { path: "spec.encryption.inTransit", broken: (s) => s.mlpsLevel >= 3 && s.encryption?.inTransit !== "TLCP" },
      {
        path: "spec.zones",
        broken: (s) => s.dataLevel === "core" && (s.zones.join() !== "dedicated" || s.ingress?.internetFacing === true),
      },
      { path: "spec.dr.level", broken: (s) => (s.mlpsLevel >= 3 || s.dataLevel !== "general") && s.dr.level < 3 },
      { path: "spec.platform.cpu", broken: (s) => !domestic.has(s.platform.cpu) },
      {
        path: "spec.usage.supersededBy",
        broken: (s) => s.usage?.supersededBy !== undefined && s.migration?.phase !== "retired",
      },
    ];
    const unlisted = estate.requests.flatMap((r) =>
      invariants
        .filter(
          (i) =>
            i.broken(r.doc.spec) &&
            !rows.some((row) => row.file === r.source.file && row.checks.some((c) => c.path === i.path)),
        )
        .map((i) => `${r.source.file}: ${i.path}`),
    );
    const target = estate.estate.doc.spec.policy.autonomyTarget;
    for (const c of estate.clouds.filter((c) => c.doc.spec.domesticShare < target)) {
      if (!rows.some((row) => row.document === c.doc.metadata.name))
        unlisted.push(`${c.source.file}#${c.doc.metadata.name}: spec.domesticShare`);
    }
    expect(unlisted).toEqual([]);
  });
});

describe("estate generate --scale 10 of the embedded estate", () => {
  it("is valid and has ten times the systems", async () => {
    const read = await readCatalog(CATALOG, "shanxi");
    const generated = generateCatalog(estate, read.files, { scale: 10, seed: 1 });
    const result = assembleEstate("/generated", toFiles(Object.fromEntries(generated)), {
      estate: "shanxi",
      today: TODAY,
    });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.estate!.requests).toHaveLength(estate.requests.length * 10);
  }, 60_000);
});
