/**
 * The parse cache on disk (an I/O edge of the catalog, like the reader): what `cachedParseFile` keeps
 * — each well-formed file's parsed documents and, once asked for, its position tables — keyed by the
 * hash of the file's bytes, in a pack file per catalog folder under a cache folder
 * (`.govcloud-cache/` by default, git-ignored), which holds what the last load of that catalog used. Safe to delete at any time. The pack carries a SHA-256 of its content: a pack that
 * is truncated, flipped or written by another version is ignored as a whole, and an entry of the
 * wrong shape is parsed again, so the cache never changes a result, only the time it takes.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import { PARSE_CACHE_SALT, type CachedParse, type ParseStore } from "./source.js";

export const DEFAULT_CACHE_DIR = ".govcloud-cache";
const MAGIC = Buffer.from("govcloud-cache/1\n");
const HASH_BYTES = 32;

export class FileParseCache implements ParseStore {
  private readonly entries: Map<string, CachedParse>;
  private readonly used = new Set<string>();
  private dirty = false;

  private readonly path: string;

  /** `catalog`: the catalog folder whose files the pack keeps (a pack per catalog stays small). */
  constructor(
    private readonly dir: string,
    catalog: string,
  ) {
    this.path = join(dir, `parsed-${createHash("sha256").update(catalog).digest("hex").slice(0, 16)}.v8`);
    this.entries = FileParseCache.read(this.path);
  }

  private static read(path: string): Map<string, CachedParse> {
    try {
      const buf = readFileSync(path);
      if (buf.length < MAGIC.length + HASH_BYTES || !buf.subarray(0, MAGIC.length).equals(MAGIC)) return new Map();
      const hash = buf.subarray(MAGIC.length, MAGIC.length + HASH_BYTES);
      const body = buf.subarray(MAGIC.length + HASH_BYTES);
      if (!createHash("sha256").update(body).digest().equals(hash)) return new Map();
      const pack = deserialize(body) as { salt?: unknown; entries?: unknown };
      return pack.salt === PARSE_CACHE_SALT && pack.entries instanceof Map
        ? (pack.entries as Map<string, CachedParse>)
        : new Map();
    } catch {
      return new Map();
    }
  }

  get(key: string): CachedParse | undefined {
    const e = this.entries.get(key);
    if (e !== undefined) this.used.add(key);
    return e;
  }

  put(key: string, entry: CachedParse): void {
    this.entries.set(key, entry);
    this.used.add(key);
    this.dirty = true;
  }

  /** Writes the pack if anything was added (atomically: a temporary file, then rename). Never throws. */
  save(): void {
    if (!this.dirty) return;
    this.dirty = false;
    // What this run used: the catalog's current files (an edited file's old entry goes).
    const kept = new Map<string, CachedParse>();
    for (const k of this.used) kept.set(k, this.entries.get(k)!);
    const path = this.path;
    const tmp = `${path}.tmp-${process.pid}`;
    try {
      mkdirSync(this.dir, { recursive: true });
      const body = serialize({ salt: PARSE_CACHE_SALT, entries: kept });
      writeFileSync(tmp, Buffer.concat([MAGIC, createHash("sha256").update(body).digest(), body]));
      renameSync(tmp, path);
    } catch {
      rmSync(tmp, { force: true });
    }
  }
}

const open = new Map<string, FileParseCache>();

/** The cache of a catalog in a cache folder, one per process; saved again at exit if positions were added since. */
export function parseCache(dir: string, catalog: string): FileParseCache {
  const id = `${dir}\0${catalog}`;
  let c = open.get(id);
  if (!c) {
    const cache = new FileParseCache(dir, catalog);
    open.set(id, (c = cache));
    process.once("exit", () => cache.save());
  }
  return c;
}
