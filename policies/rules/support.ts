/**
 * Helpers the packs share: domestic (信创) stacks, data levels, dates and catalog subjects.
 * Pure and allocation-light: the sets are built once at module load.
 */
import type { DataLevel, DocPath, Loaded, SourcePosition } from "../../catalog/index.js";
import type { Subject } from "../types.js";

/** Domestic CPU families: 鲲鹏 Kunpeng and 飞腾 Phytium (ARM), 海光 Hygon and 兆芯 Zhaoxin (x86), 龙芯 Loongson. */
export const DOMESTIC_CPUS: ReadonlySet<string> = new Set(["kunpeng", "phytium", "hygon", "zhaoxin", "loongson"]);
/** Domestic operating systems: 麒麟 Kylin, 统信 UOS, and openEuler (开源欧拉, OpenAtom), the base of most domestic distributions. */
export const DOMESTIC_OSES: ReadonlySet<string> = new Set(["kylin", "uos", "openeuler"]);

export const isDomesticPlatform = (p: { readonly cpu: string; readonly os: string }): boolean =>
  DOMESTIC_CPUS.has(p.cpu) && DOMESTIC_OSES.has(p.os);

/** Important (重要数据) and core (核心数据) data: the levels GB/T 43697-2024 and the Data Security Law protect specially. */
export const isImportantOrCore = (level: DataLevel): boolean => level === "important" || level === "core";

export const DATA_LEVEL_NAMES: Readonly<Record<DataLevel, string>> = {
  general: "general (一般数据)",
  important: "important (重要数据)",
  core: "core (核心数据)",
};

/** Whole days from one YYYY-MM-DD date to another (catalog/dates.ts). */
export { daysBetween } from "../../catalog/index.js";

export const percent = (share: number): string => `${Math.round(share * 100)}%`;

/** A catalog subject at a path of a loaded document, with the ids that say what it is about. */
export function docSubject(
  doc: Pick<Loaded<unknown>, "locate">,
  path: DocPath,
  about: { readonly department?: string; readonly system?: string; readonly cloud?: string },
): Subject {
  return catalogSubject(doc.locate(path), about);
}

/**
 * A catalog subject at a position, reading the position's line and column only when they are read
 * (a position from the loader parses its file again for them): findings a scoped check drops are
 * never located.
 */
export function catalogSubject(
  at: SourcePosition,
  about: { readonly department?: string; readonly system?: string; readonly cloud?: string } = {},
): Subject {
  return {
    type: "catalog",
    ...about,
    file: at.file,
    get line() {
      return at.line;
    },
    get column() {
      return at.column;
    },
  } as Subject;
}
