/**
 * The parse cache on disk (an I/O edge of the catalog, like the reader): what `cachedParseFile` keeps
 * — each well-formed file's parsed documents and, once asked for, its position tables — keyed by the
 * hash of the file's bytes, in a pack file per catalog folder under a cache folder
 * (`.govcloud-cache/` by default, git-ignored), which holds what the last load of that catalog used. Safe to delete at any time. The pack carries a SHA-256 of its content: a pack that
 * is truncated, flipped or written by another version is ignored as a whole, and an entry of the
 * wrong shape is parsed again, so the cache never changes a result, only the time it takes.
 *
 * The pack also indexes each file's metadata (device, inode, size, modification and change times) with
 * the key of the bytes it had, as git's index does: a file whose metadata is unchanged is not read
 * nor hashed again. An entry is written only for a file last modified well before the run that read
 * it (so a write within the file system's timestamp granularity cannot go unseen), the files a
 * change names (`--changed`) are always hashed, and GOVCLOUD_CACHE=off reads everything.
 *
 * In the pack an entry's documents are JSON text in UTF-8 bytes (parsed faster than V8's own format; V8's
 * format when JSON would not give the same values back) and its position tables a V8 buffer decoded only
 * when a position in the file is asked for; an entry this run did not change is written back as it was
 * read. Bytes, not strings: reading the pack then costs a view of each entry into the file's buffer, where
 * strings (two bytes a character with the Chinese names) were copied out one by one, which at 50x the
 * estate took longer than parsing them.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, type Stats } from "node:fs";
import { dirname, join } from "node:path";
import { deserialize, serialize } from "node:v8";
import { PARSE_CACHE_SALT, type CachedParse, type ParseStore } from "./source.js";

export const DEFAULT_CACHE_DIR = ".govcloud-cache";
const MAGIC = Buffer.from("govcloud-cache/4\n");
/** A file modified less than this before the run is not indexed by its metadata (coarse timestamps). */
const RACY_MS = 3000;

/** A file's metadata and the key of its bytes: [dev, ino, size, mtimeMs, ctimeMs, key]. */
type FileStat = readonly [number, number, number, number, number, string];

const statOf = (st: Stats, key: string): FileStat => [st.dev, st.ino, st.size, st.mtimeMs, st.ctimeMs, key];
const sameStat = (a: FileStat, b: FileStat): boolean =>
  a.length === 6 && a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3] && a[4] === b[4] && a[5] === b[5];
const HASH_BYTES = 32;

/** The short id of a catalog folder in the cache folder's file names (a pack and results per catalog). */
const catalogId = (catalog: string): string => createHash("sha256").update(catalog).digest("hex").slice(0, 16);

/**
 * The body of a file `writeChecked` wrote with this magic, when the file is whole (its magic, then the
 * SHA-256 of the body, then the body); undefined when it is missing, truncated, flipped or of another
 * format. Never throws.
 */
function readChecked(path: string, magic: Buffer): Buffer | undefined {
  try {
    const buf = readFileSync(path);
    if (buf.length < magic.length + HASH_BYTES || !buf.subarray(0, magic.length).equals(magic)) return undefined;
    const hash = buf.subarray(magic.length, magic.length + HASH_BYTES);
    const body = buf.subarray(magic.length + HASH_BYTES);
    return createHash("sha256").update(body).digest().equals(hash) ? body : undefined;
  } catch {
    return undefined;
  }
}

/** Writes magic, the body's SHA-256 and the body, atomically (a temporary file, then rename). Never throws. */
function writeChecked(path: string, magic: Buffer, body: () => Buffer): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    const b = body();
    writeFileSync(tmp, Buffer.concat([magic, createHash("sha256").update(b).digest(), b]));
    renameSync(tmp, path);
  } catch {
    rmSync(tmp, { force: true });
  }
}

/** An entry as the pack holds it: documents as UTF-8 JSON text (`u`) or V8 bytes (`v`), tables as V8 bytes (`t`). */
interface Stored {
  readonly u?: Uint8Array;
  readonly v?: Uint8Array;
  readonly t?: Uint8Array;
}

/** Whether JSON gives exactly these values back: plain objects, arrays, strings, booleans, null and finite numbers (not -0). */
function jsonSafe(v: unknown): boolean {
  if (v === null || typeof v === "string" || typeof v === "boolean") return true;
  if (typeof v === "number") return Number.isFinite(v) && !Object.is(v, -0);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!(i in v) || !jsonSafe(v[i])) return false;
    return true;
  }
  if (typeof v !== "object" || Object.getPrototypeOf(v) !== Object.prototype) return false;
  for (const k of Object.keys(v)) if (!jsonSafe((v as Record<string, unknown>)[k])) return false;
  return true;
}

function encode(entry: CachedParse): Stored {
  const docs = entry.docs;
  return {
    ...(jsonSafe(docs) ? { u: Buffer.from(JSON.stringify(docs)) } : { v: serialize(docs) }),
    ...(entry.tables ? { t: serialize(entry.tables) } : {}),
  };
}

/** The entry of a stored one; its tables decoded on first use. Undefined when it cannot be decoded. */
function decode(stored: Stored): CachedParse | undefined {
  try {
    const u = stored.u;
    const docs = (
      u instanceof Uint8Array
        ? JSON.parse(Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString("utf8"))
        : deserialize(stored.v!)
    ) as CachedParse["docs"];
    if (!(stored.t instanceof Uint8Array)) return { docs };
    const t = stored.t;
    let tables: CachedParse["tables"] | null | undefined;
    return {
      docs,
      get tables() {
        if (tables === undefined) {
          try {
            tables = deserialize(t) as CachedParse["tables"];
          } catch {
            tables = null;
          }
        }
        return tables ?? undefined;
      },
    };
  } catch {
    return undefined;
  }
}

export class FileParseCache implements ParseStore {
  /** What the pack held (until used), and what this run parsed. */
  private readonly stored: Map<string, Stored>;
  private readonly entries = new Map<string, CachedParse>();
  private readonly files: Map<string, FileStat>;
  private readonly noted = new Map<string, FileStat>();
  private readonly used = new Set<string>();
  private readonly started = Date.now();
  private dirty = false;

  private readonly path: string;

  /** `catalog`: the catalog folder whose files the pack keeps (a pack per catalog stays small). */
  constructor(dir: string, catalog: string) {
    this.path = join(dir, `parsed-${catalogId(catalog)}.v8`);
    const pack = FileParseCache.read(this.path);
    this.stored = pack.entries;
    this.files = pack.files;
  }

  private static read(path: string): { entries: Map<string, Stored>; files: Map<string, FileStat> } {
    const none = { entries: new Map(), files: new Map() };
    const body = readChecked(path, MAGIC);
    if (body === undefined) return none;
    try {
      const pack = deserialize(body) as { salt?: unknown; entries?: unknown; files?: unknown };
      if (pack.salt !== PARSE_CACHE_SALT || !(pack.entries instanceof Map)) return none;
      return {
        entries: pack.entries as Map<string, Stored>,
        files: pack.files instanceof Map ? (pack.files as Map<string, FileStat>) : new Map(),
      };
    } catch {
      return none;
    }
  }

  /** The key of a file's bytes when its metadata is the one indexed with that key (and the entry is kept). */
  known(path: string, st: Stats): string | undefined {
    const indexed = this.noted.get(path) ?? this.files.get(path);
    if (!Array.isArray(indexed) || typeof indexed[5] !== "string") return undefined;
    const key = indexed[5];
    return sameStat(indexed, statOf(st, key)) && (this.entries.has(key) || this.stored.has(key)) ? key : undefined;
  }

  noteFile(path: string, st: Stats, key: string): void {
    if (!(st.mtimeMs < this.started - RACY_MS && st.ctimeMs < this.started - RACY_MS)) return;
    const entry = statOf(st, key);
    this.noted.set(path, entry);
    const before = this.files.get(path);
    if (!Array.isArray(before) || !sameStat(before, entry)) this.dirty = true;
  }

  get(key: string): CachedParse | undefined {
    let e = this.entries.get(key);
    if (e === undefined) {
      const stored = this.stored.get(key);
      if (stored === undefined || stored === null || typeof stored !== "object") return undefined;
      e = decode(stored);
      if (e === undefined) return undefined;
      this.entries.set(key, e);
    }
    this.used.add(key);
    return e;
  }

  put(key: string, entry: CachedParse): void {
    this.entries.set(key, entry);
    this.stored.delete(key); // re-encoded when saved
    this.used.add(key);
    this.dirty = true;
  }

  /** Writes the pack if anything was added (atomically: a temporary file, then rename). Never throws. */
  save(): void {
    if (!this.dirty) return;
    this.dirty = false;
    // What this run used: the catalog's current files (an edited file's old entry goes).
    const kept = new Map<string, Stored>();
    for (const k of this.used) kept.set(k, this.stored.get(k) ?? encode(this.entries.get(k)!));
    const files = new Map([...this.noted].filter(([, f]) => kept.has(f[5])));
    writeChecked(this.path, MAGIC, () => serialize({ salt: PARSE_CACHE_SALT, entries: kept, files }));
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

/**
 * Results worked out from a catalog's files (the address plan of its estate files, say), kept beside
 * the parse pack: one file per result and catalog, holding the key of the inputs it was computed from
 * and the value, with a SHA-256 of both. `readResult` gives the value back only when the file is whole
 * and was written for that key; anything else (missing, truncated, flipped, another key or version)
 * is undefined, and the caller works the result out again: the cache never changes a result.
 */
const RESULT_MAGIC = Buffer.from("govcloud-result/1\n");

const resultPath = (dir: string, catalog: string, name: string): string =>
  join(dir, `${name}-${catalogId(catalog)}.bin`);

export function readResult(dir: string, catalog: string, name: string, key: string): unknown {
  const body = readChecked(resultPath(dir, catalog, name), RESULT_MAGIC);
  if (body === undefined) return undefined;
  try {
    const stored = deserialize(body) as { key?: unknown; value?: unknown };
    return stored !== null && typeof stored === "object" && stored.key === key ? stored.value : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps a result for `readResult` (atomically: a temporary file, then rename). Never throws. */
export function writeResult(dir: string, catalog: string, name: string, key: string, value: unknown): void {
  writeChecked(resultPath(dir, catalog, name), RESULT_MAGIC, () => serialize({ key, value }));
}
