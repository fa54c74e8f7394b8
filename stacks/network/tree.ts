/**
 * The five levels the extranet reaches (横向到边、纵向到底): province, cities, counties, township-level
 * units and villages, as one tree keyed by administrative code.
 *
 * The estate lists cities and counties by code; township-level units and villages only by count. Their
 * codes follow the statistical division code scheme (统计用区划代码): a township is its county's six
 * digits plus three (streets 街道 001-099, towns 镇 101-199, townships 乡 201-399), a village its
 * township's nine digits plus three (001-999). Removing a unit removes the last one of its kind, so
 * the codes of the others never change.
 */
import {
  diagnostic,
  type AdminDivisions,
  type Diagnostic,
  type EstateDocument,
  type Loaded,
} from "../../catalog/index.js";

export type Level = "province" | "city" | "county" | "township" | "village";
export const LEVELS: readonly Level[] = ["province", "city", "county", "township", "village"];
/** Levels below the province, in depth order (depth 1 = city). */
export const CHILD_LEVELS = ["city", "county", "township", "village"] as const;
export type ChildLevel = (typeof CHILD_LEVELS)[number];

export interface DivisionNode {
  readonly level: Level;
  readonly code: string;
  readonly name: string;
  /** Parent code; undefined for the province. */
  readonly parent: string | undefined;
  readonly children: readonly DivisionNode[];
}

export interface DivisionTree {
  readonly root: DivisionNode;
  /** Node count per level. */
  readonly counts: Readonly<Record<Level, number>>;
}

const KINDS = [
  { key: "streets", label: "街道", first: 1, max: 99 },
  { key: "towns", label: "镇", first: 101, max: 99 },
  { key: "townships", label: "乡", first: 201, max: 199 },
] as const;

const pad3 = (n: number) => String(n).padStart(3, "0");

/** The division tree of an estate, with generated township and village codes; over-full code spaces are diagnostics. */
export function divisionTree(estate: {
  readonly estate: Loaded<EstateDocument>;
  readonly divisions: Loaded<AdminDivisions>;
}): { tree: DivisionTree; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const province = estate.estate.doc.spec.province;
  const spec = estate.divisions.doc.spec;
  const counts: Record<Level, number> = { province: 1, city: 0, county: 0, township: 0, village: 0 };
  const cities = spec.cities.map((c, ci): DivisionNode => {
    counts.city++;
    const counties = c.counties.map((k, ki): DivisionNode => {
      counts.county++;
      const at = ["spec", "cities", ci, "counties", ki];
      const townships: DivisionNode[] = [];
      let index = 0;
      for (const kind of KINDS) {
        const n = k[kind.key];
        if (n > kind.max) {
          diagnostics.push(
            diagnostic(
              estate.divisions.locate([...at, kind.key]),
              "division-code-space",
              `${k.name} has ${n} ${kind.key}; township codes leave room for ${kind.max}`,
              `split the county, or check the count`,
            ),
          );
        }
        for (let i = 0; i < Math.min(n, kind.max); i++, index++) {
          const code = k.code + pad3(kind.first + i);
          const name = `${k.name}${kind.label}${pad3(kind.first + i)}`;
          const villageCount = k.villages?.[index] ?? spec.villagesPerTownship;
          if (villageCount > 999) {
            diagnostics.push(
              diagnostic(
                estate.divisions.locate([...at, "villages", index]),
                "division-code-space",
                `${name} has ${villageCount} villages; village codes leave room for 999`,
                "check the count",
              ),
            );
          }
          const villages: DivisionNode[] = [];
          for (let v = 1; v <= Math.min(villageCount, 999); v++) {
            villages.push({
              level: "village",
              code: code + pad3(v),
              name: `${name}村${pad3(v)}`,
              parent: code,
              children: [],
            });
          }
          counts.township++;
          counts.village += villages.length;
          townships.push({ level: "township", code, name, parent: k.code, children: villages });
        }
      }
      return { level: "county", code: k.code, name: k.name, parent: c.code, children: townships };
    });
    return { level: "city", code: c.code, name: c.name, parent: province.code, children: counties };
  });
  const root: DivisionNode = {
    level: "province",
    code: province.code,
    name: province.name,
    parent: undefined,
    children: cities,
  };
  return { tree: { root, counts }, diagnostics };
}

/** Every node of the tree, parents before children, children in estate order. */
export function* walk(node: DivisionNode): Generator<DivisionNode> {
  yield node;
  for (const c of node.children) yield* walk(c);
}
