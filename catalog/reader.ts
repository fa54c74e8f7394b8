/**
 * The I/O edge of the catalog: finds the files of one estate under a catalog root and reads them,
 * bounded in size and refusing symlinks that leave the catalog. The calls are synchronous: a catalog
 * is thousands of small files, and going through the thread pool for each costs several times more.
 */
import {
  type Stats,
  lstatSync as lstat,
  readdirSync as readdir,
  readFileSync as readFile,
  realpathSync as realpath,
  statSync as stat,
} from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { diagnostic, type Diagnostic } from "./diagnostics.js";
import type { Area } from "./kinds.js";
import type { CatalogFile } from "./assemble.js";
import { MAX_FILE_BYTES } from "./source.js";

const YAML = /\.ya?ml$/;

/**
 * What a file's metadata says of its content, from an earlier run (catalog/cache.ts keeps the index):
 * the key of its bytes when the file is unchanged since (same device, inode, size, modification and
 * change times, as git's index decides), else undefined. A file with a known key is not read unless
 * its bytes are asked for.
 */
export type KnownContent = (path: string, stat: Stats) => string | undefined;

export interface ReadOptions {
  readonly known?: KnownContent;
}

export interface ReadResult {
  readonly root: string;
  readonly files: CatalogFile[];
  readonly diagnostics: Diagnostic[];
}

const toPosix = (p: string) => p.split(sep).join("/");

export async function readCatalog(
  catalogDir: string,
  estateName: string,
  options: ReadOptions = {},
): Promise<ReadResult> {
  const root = resolve(catalogDir);
  const diagnostics: Diagnostic[] = [];
  const files: CatalogFile[] = [];
  let realRoot: string;
  try {
    if (!stat(root).isDirectory()) throw new Error("not a directory");
    realRoot = realpath(root);
  } catch {
    diagnostics.push(
      diagnostic(
        { file: catalogDir, line: 1, column: 1 },
        "catalog-not-found",
        `${catalogDir} is not a catalog directory`,
        "pass --catalog with the folder that holds estates/, offerings/, requests/ and exceptions/",
      ),
    );
    return { root, files, diagnostics };
  }

  /** Resolves an entry, following a symlink only when it stays inside the catalog. */
  let lastStat: Stats | undefined;
  const admit = (abs: string): "file" | "dir" | undefined => {
    const l = lstat(abs);
    lastStat = l;
    if (l.isSymbolicLink()) {
      let target: string;
      try {
        target = realpath(abs);
      } catch {
        diagnostics.push(
          diagnostic(
            { file: toPosix(relative(root, abs)), line: 1, column: 1 },
            "file-broken-symlink",
            "the symbolic link points at nothing",
            "remove the link or point it at a file inside the catalog",
          ),
        );
        return undefined;
      }
      if (target !== realRoot && !target.startsWith(realRoot + sep)) {
        diagnostics.push(
          diagnostic(
            { file: toPosix(relative(root, abs)), line: 1, column: 1 },
            "file-symlink-escape",
            `the symbolic link leads out of the catalog (to ${target})`,
            "catalog content must live inside the catalog: copy the file in, or remove the link",
          ),
        );
        return undefined;
      }
      const t = stat(abs);
      lastStat = t;
      return t.isDirectory() ? "dir" : t.isFile() ? "file" : undefined;
    }
    return l.isDirectory() ? "dir" : l.isFile() ? "file" : undefined;
  };

  const list = (dir: string) => {
    try {
      return readdir(dir).sort();
    } catch {
      return undefined;
    }
  };

  /**
   * `rel`: the file's catalog-relative path (its folder's, worked out once, plus its name: a path
   * computation per file costs more than the stat); `st`: its metadata, as `admit` just read it
   * (through a symbolic link, of its target).
   */
  const take = (abs: string, rel: string, area: Area, st: Stats) => {
    const size = st.size;
    if (size > MAX_FILE_BYTES) {
      diagnostics.push(
        diagnostic(
          { file: rel, line: 1, column: 1 },
          "file-too-large",
          `the file is ${size} bytes, more than the limit of ${MAX_FILE_BYTES}`,
          "a catalog document is small: split it, or remove data that does not belong in the catalog",
        ),
      );
      return;
    }
    const key = options.known?.(rel, st);
    if (key === undefined) {
      files.push({ path: rel, area, bytes: readFile(abs), stat: st });
      return;
    }
    let bytes: Uint8Array | undefined;
    files.push({
      path: rel,
      area,
      key,
      stat: st,
      get bytes() {
        return (bytes ??= readFile(abs));
      },
    });
  };

  /**
   * A file that is not read: said, not silent (a request saved as `portal.yaml.txt` or `portal.ymal`
   * would otherwise simply not exist). Hidden files and Markdown notes are left alone.
   */
  const skipped = (abs: string, name: string) => {
    if (name.startsWith(".") || /\.md$/i.test(name)) return;
    diagnostics.push(
      diagnostic(
        { file: toPosix(relative(root, abs)), line: 1, column: 1 },
        "file-not-yaml",
        "not read: catalog documents are .yaml or .yml files",
        YAML.test(name.toLowerCase())
          ? `rename it with a lower-case extension (${name.replace(/\.[^.]+$/, (e) => e.toLowerCase())})`
          : "rename it to <name>.yaml if it is a catalog document, or move it out of the catalog",
        "warning",
      ),
    );
  };

  /** Reads the YAML files directly in `dir`; with `nested`, one folder level (requests/<dept>/). */
  const area = (dir: string, kind: Area, nested: boolean) => {
    const names = list(dir);
    if (!names) return;
    const relDir = toPosix(relative(root, dir));
    for (const name of names) {
      const abs = `${dir}${sep}${name}`; // dir is absolute and normalised, name a directory entry
      const what = admit(abs);
      if (what === "file" && YAML.test(name)) {
        if (nested) {
          diagnostics.push(
            diagnostic(
              { file: toPosix(relative(root, abs)), line: 1, column: 1 },
              "request-outside-department",
              "a request must live in a department folder",
              `move it to requests/<department>/${name}`,
            ),
          );
        } else take(abs, `${relDir}/${name}`, kind, lastStat!);
      } else if (what === "file") {
        skipped(abs, name);
      } else if (what === "dir" && nested) {
        for (const inner of list(abs) ?? []) {
          const innerAbs = `${abs}${sep}${inner}`;
          const innerWhat = admit(innerAbs);
          if (innerWhat === "file" && YAML.test(inner)) take(innerAbs, `${relDir}/${name}/${inner}`, kind, lastStat!);
          else if (innerWhat === "file") skipped(innerAbs, inner);
          else if (innerWhat === "dir") {
            diagnostics.push(
              diagnostic(
                { file: toPosix(relative(root, innerAbs)), line: 1, column: 1 },
                "request-nested-folder",
                "requests are one folder deep: requests/<department>/<system>.yaml",
                "move the files up into the department folder",
              ),
            );
          }
        }
      }
    }
  };

  const estateDir = join(root, "estates", estateName);
  if (list(estateDir) === undefined) {
    const known = list(join(root, "estates")) ?? [];
    diagnostics.push(
      diagnostic(
        { file: `estates/${estateName}`, line: 1, column: 1 },
        "estate-not-found",
        `the catalog has no estate "${estateName}"`,
        known.length
          ? `use --estate with one of: ${known.join(", ")}`
          : "create catalog/estates/<name>/ with the estate documents",
      ),
    );
    return { root, files, diagnostics };
  }
  area(estateDir, "estate", false);
  area(join(root, "offerings"), "offerings", false);
  area(join(root, "requests"), "requests", true);
  area(join(root, "exceptions"), "exceptions", false);
  return { root, files, diagnostics };
}
