/**
 * Reading catalog files: bounded, UTF-8, YAML with positions. Each document keeps its parsed AST so
 * that any path inside it can be turned back into a file:line:column.
 */
import { createHash } from "node:crypto";
import type { Stats } from "node:fs";
import { createRequire } from "node:module";
import jsYaml from "js-yaml";
import type * as YamlLib from "yaml";
import type { Document, LineCounter, Node } from "yaml";
import { diagnostic, type Diagnostic } from "./diagnostics.js";
import { yamlTypos } from "./yaml-typos.js";
import type { DocPath, Locator, SourcePosition } from "./model.js";

/**
 * The exact YAML parser (`yaml`), required on first use: a file the parse cache holds, or that the fast
 * parser reads cleanly, needs it only when a position in it is asked for (about 80 ms at every start).
 */
const requireHere = createRequire(import.meta.url);
let yamlLib: typeof YamlLib | undefined;
const yaml = (): typeof YamlLib => (yamlLib ??= requireHere("yaml") as typeof YamlLib);

/** Files above this size are refused before parsing, so a huge file costs bounded time and memory. */
export const MAX_FILE_BYTES = 1024 * 1024;

export interface ParsedDocument {
  readonly value: unknown;
  readonly source: SourcePosition;
  readonly locate: Locator;
  /** Position of the document's `kind` value, or its start. */
  readonly index: number;
}

/**
 * Positions of a document's nodes, keyed by path (map keys after \u0001, list indexes after \u0002;
 * the document itself is ""). Each entry: [kind (0 scalar, 1 mapping, 2 list), block collection (0/1),
 * value line, value column, key line, key column] (key line 0 when the node is not a mapping value).
 * Plain data, so the YAML syntax tree need not be kept.
 */
export type PositionTable = ReadonlyMap<string, readonly number[]>;

const MAP = 1;
const SEQ = 2;

/** Records where every node reachable by a path starts, as `locate` resolves paths. */
function positionTable(contents: Node, lineCounter: LineCounter): Map<string, number[]> {
  const { isMap, isPair, isScalar, isSeq } = yaml();
  const table = new Map<string, number[]>();
  const pos = (n: unknown) => lineCounter.linePos((n as Node | undefined)?.range?.[0] ?? 0);
  const visit = (node: unknown, at: string, keyNode: Node | undefined) => {
    const kind = isMap(node) ? MAP : isSeq(node) ? SEQ : 0;
    const block = kind !== 0 && !(node as { flow?: boolean }).flow ? 1 : 0;
    const v = pos(node);
    const k = keyNode ? pos(keyNode) : { line: 0, col: 0 };
    table.set(at, [kind, block, v.line, v.col, k.line, k.col]);
    if (isMap(node)) {
      for (const p of node.items) {
        if (!isPair(p) || !isScalar(p.key)) continue;
        const child = `${at}\u0001${String(p.key.value)}`;
        if (!table.has(child)) visit(p.value ?? p.key, child, p.key as Node);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item, `${at}\u0002${i}`, undefined));
    }
  };
  visit(contents, "", undefined);
  return table;
}

/**
 * A locator over a position table: the node at `path`, or its nearest existing ancestor. A block
 * mapping or list starts on the line after its key, so for those the key is where a reader looks;
 * with `key`, the key of the node itself.
 */
export function locatorOf(file: string, table: PositionTable): Locator {
  return (path: DocPath, options) => {
    let at = "";
    let entry = table.get(at)!;
    let resolved = 0;
    for (const seg of path) {
      let next: string;
      if (entry[0] === MAP) next = `${at}\u0001${String(seg)}`;
      else if (entry[0] === SEQ && typeof seg === "number") next = `${at}\u0002${seg}`;
      else break;
      const found = table.get(next);
      if (!found) break;
      at = next;
      entry = found;
      resolved++;
    }
    const [, block, line, column, keyLine, keyColumn] = entry as [number, number, number, number, number, number];
    const hasKey = keyLine > 0;
    if (hasKey && ((options?.key && resolved === path.length) || block))
      return { file, line: keyLine, column: keyColumn };
    return { file, line, column };
  };
}

export interface ParsedFile {
  readonly documents: ParsedDocument[];
  readonly diagnostics: Diagnostic[];
}

const YAML_HINTS: Record<string, string> = {
  DUPLICATE_KEY: "each key may appear once in a mapping: remove or rename the repeated key",
  TAB_AS_INDENT: "YAML indentation must use spaces: replace the tab characters with spaces",
  MISSING_CHAR: "a closing bracket or quote is missing",
  UNEXPECTED_TOKEN: "check the indentation and punctuation around this position",
  BLOCK_AS_IMPLICIT_KEY: "check the indentation: a nested block seems to start where a key was expected",
};

function yamlCode(code: string): string {
  return `yaml-${code.toLowerCase().replace(/_/g, "-")}`;
}

/** Decodes bytes as UTF-8 text or explains why they are not a text file. */
export function decodeText(file: string, bytes: Uint8Array): { text?: string; diagnostics: Diagnostic[] } {
  const at = { file, line: 1, column: 1 };
  if (bytes.length === 0) {
    return { diagnostics: [diagnostic(at, "file-empty", "the file is empty", "add the document, or delete the file")] };
  }
  if (bytes.length > MAX_FILE_BYTES) {
    return {
      diagnostics: [
        diagnostic(
          at,
          "file-too-large",
          `the file is ${bytes.length} bytes, more than the limit of ${MAX_FILE_BYTES}`,
          "a catalog document is small: split it, or remove data that does not belong in the catalog",
        ),
      ],
    };
  }
  const nul = bytes.indexOf(0);
  let text: string;
  try {
    if (nul >= 0) throw new Error("NUL");
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return {
      diagnostics: [
        diagnostic(
          at,
          "file-binary",
          "the file is not UTF-8 text",
          "catalog files are UTF-8 YAML: replace it with the YAML document",
        ),
      ],
    };
  }
  if (text.trim() === "") {
    return {
      diagnostics: [diagnostic(at, "file-empty", "the file holds no document", "add the document, or delete the file")],
    };
  }
  return { text, diagnostics: [] };
}

/**
 * Where each document's content starts (1-based line and column), by a line scan: the first line of
 * a document that is not blank, a comment, a directive or a `---` marker. Matches what `yaml` reports
 * as the start of a document's contents for the plain block documents a catalog holds.
 */
function documentStarts(text: string): { line: number; column: number }[] {
  const starts: { line: number; column: number }[] = [];
  const lines = text.split("\n");
  let open = true; // a document has begun and its content has not
  lines.forEach((raw, i) => {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (/^---(\s|$)/.test(line)) {
      const inline = line.slice(3).trimStart();
      open = inline === "" || inline.startsWith("#");
      if (!open) starts.push({ line: i + 1, column: line.length - inline.length + 1 });
      return;
    }
    if (/^\.\.\.(\s|$)/.test(line)) {
      open = false;
      return;
    }
    const trimmed = line.trimStart();
    if (!open || trimmed === "" || trimmed.startsWith("#") || trimmed.startsWith("%")) return;
    starts.push({ line: i + 1, column: line.length - trimmed.length + 1 });
    open = false;
  });
  return starts;
}

/**
 * A position whose line and column are computed on first reading (the file name is known at once).
 * A spread or JSON.stringify reads them like any property.
 */
export function lazyPosition(file: string, compute: () => SourcePosition): SourcePosition {
  let at: SourcePosition | undefined;
  return {
    file,
    get line() {
      return (at ??= compute()).line;
    },
    get column() {
      return (at ??= compute()).column;
    },
  };
}

/**
 * The fast path for well-formed files (the usual case): js-yaml reads plain catalog YAML about eight
 * times faster than `yaml`, whose syntax tree the loader needs only to explain a problem or to
 * locate a path. Anything unusual (a syntax error, anchors and aliases, an empty document, a
 * document count the line scan does not agree with) takes the exact path instead, so diagnostics
 * and values never depend on which parser ran.
 */
function parseFast(file: string, text: string, positionsOf: (i: number) => PositionTable): ParsedFile | undefined {
  if (/[&*!]/.test(text) || text.includes("<<") || /[A-Za-z0-9_.\/-]\s*\uff1a/.test(text)) return undefined;
  let values: unknown[];
  try {
    values = jsYaml.loadAll(text, undefined, { schema: jsYaml.CORE_SCHEMA, json: false });
  } catch {
    return undefined;
  }
  const starts = documentStarts(text);
  if (values.length !== starts.length || values.some((v) => v === null || v === undefined)) return undefined;
  const documents: ParsedDocument[] = values.map((value, index) => {
    let locator: Locator | undefined;
    // The line and column are worked out when read: a finding a scoped check drops never parses its file again.
    const locate: Locator = (path, options) =>
      lazyPosition(file, () => (locator ??= locatorOf(file, positionsOf(index)))(path, options));
    return { value, source: { file, ...starts[index]! }, locate, index };
  });
  return { documents, diagnostics: [] };
}

/** The position tables of every document of a text, from the exact parser. */
export function positionTables(text: string): PositionTable[] {
  const lc = new (yaml().LineCounter)();
  // uniqueKeys off: duplicate keys are reported by the exact parse, and yaml's own check is quadratic.
  const again = yaml().parseAllDocuments(text, {
    lineCounter: lc,
    uniqueKeys: false,
    prettyErrors: false,
    strict: true,
  });
  return (Array.isArray(again) ? again : [again]).map((d: Document.Parsed) =>
    d.contents ? positionTable(d.contents as Node, lc) : new Map(),
  );
}

/** Parses YAML text into documents with locators; syntax errors become diagnostics. */
export function parseYaml(file: string, text: string, cached?: (entry: CachedParse) => void): ParsedFile {
  // Positions serve only what gets reported, so they are worked out on the first question, from a
  // second parse of the file: a valid catalog asks few, and no syntax tree is kept meanwhile.
  let tables: PositionTable[] | undefined;
  let entry: { -readonly [K in keyof CachedParse]: CachedParse[K] } | undefined;
  const positionsOf = (i: number): PositionTable => {
    if (!tables) {
      tables = positionTables(text);
      if (entry) {
        entry.tables = tables;
        cached?.(entry);
      }
    }
    return tables[i]!;
  };
  const fast = parseFast(file, text, positionsOf);
  if (fast) {
    if (cached) {
      entry = {
        docs: fast.documents.map((d) => ({ value: d.value, line: d.source.line, column: d.source.column })),
        ...(tables ? { tables } : {}),
      };
      cached(entry);
    }
    return fast;
  }
  const lineCounter = new (yaml().LineCounter)();
  // Keys are checked for uniqueness below, in one pass: yaml's own check compares each new key with
  // every key before it, which is quadratic in a mapping's size (20,000 keys took seconds).
  const docs = yaml().parseAllDocuments(text, { lineCounter, uniqueKeys: false, prettyErrors: false, strict: true });
  const diagnostics: Diagnostic[] = [];
  const position = (offset: number): SourcePosition => {
    const p = lineCounter.linePos(offset);
    return { file, line: p.line, column: p.col };
  };
  const documents: ParsedDocument[] = [];
  const list = Array.isArray(docs) ? docs : [docs];
  // The typing mistakes behind a syntax error (a full-width colon, a full-width space in the
  // indentation, a tab, an unclosed bracket) are named where they are, instead of the parser's
  // knock-on errors a few lines below.
  const typos = list.some((d) => d.errors.length > 0) ? yamlTypos(file, text) : [];
  list.forEach((doc: Document.Parsed, index) => {
    const problems = [...doc.errors];
    if (problems.length > 0 && typos.length > 0) {
      const first = lineCounter.linePos(doc.range[0]).line;
      const last = lineCounter.linePos(doc.range[2]).line;
      const mine = typos.filter((t) => t.line >= first && t.line <= last);
      if (mine.length > 0) {
        diagnostics.push(...mine);
        return;
      }
    }
    if (problems.length === 0 && doc.contents !== null) {
      const duplicates = duplicateKeys(doc.contents as Node);
      for (const key of duplicates) {
        diagnostics.push(
          diagnostic(
            position(key.range?.[0] ?? 0),
            "yaml-duplicate-key",
            `the key "${String((key as { value?: unknown }).value)}" appears more than once in this mapping`,
            YAML_HINTS.DUPLICATE_KEY!,
          ),
        );
      }
      if (duplicates.length > 0) return;
      const fullWidthKey = fullWidthColonKey(doc.contents as Node);
      if (fullWidthKey) {
        const [key, name] = fullWidthKey;
        diagnostics.push(
          diagnostic(
            position((key.range?.[0] ?? 0) + name.indexOf("\uff1a")),
            "yaml-fullwidth-colon",
            `a full-width colon "：" (U+FF1A) after the key "${name.slice(0, name.indexOf("\uff1a")).trim()}": YAML separates a key from its value with the ASCII colon ":"`,
            `type "${name.slice(0, name.indexOf("\uff1a")).trim()}: " with a half-width colon (半角冒号) and a space`,
          ),
        );
        return;
      }
    }
    // An over-indented line turns the value above it into a multi-line key. yaml reports that at the
    // value above; the line to fix is the over-indented one, where the error's range ends.
    const overIndented = new Set(problems.filter((e) => e.code === "MULTILINE_IMPLICIT_KEY").map((e) => e.pos[0]));
    for (const e of problems) {
      const code = e.code as string;
      if (code === "BLOCK_AS_IMPLICIT_KEY" && overIndented.has(e.pos[0])) continue;
      if (code === "MULTILINE_IMPLICIT_KEY" || code === "BAD_INDENT") {
        let start = code === "MULTILINE_IMPLICIT_KEY" ? e.pos[1] : e.pos[0];
        const lineStart = text.lastIndexOf("\n", start - 1) + 1;
        start = lineStart + (text.slice(lineStart).match(/^[ \t]*/)?.[0].length ?? 0);
        diagnostics.push(
          diagnostic(
            position(start),
            "yaml-bad-indent",
            code === "BAD_INDENT"
              ? "this line is not indented like its siblings"
              : "this line is indented deeper than the key above it, so YAML reads it as part of that key's value",
            "indent it with the same number of spaces as the other keys of its mapping",
          ),
        );
        continue;
      }
      diagnostics.push(
        diagnostic(
          position(e.pos[0]),
          yamlCode(code),
          e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, ""),
          YAML_HINTS[code] ?? "fix the YAML syntax at this position",
        ),
      );
    }
    if (problems.length > 0 || doc.contents === null) return;
    let locator: Locator | undefined;
    const locate: Locator = (path, options) => (locator ??= locatorOf(file, positionsOf(index)))(path, options);
    const source = position((doc.contents as Node).range?.[0] ?? 0);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      // yaml refuses aliases that expand to too many nodes ("billion laughs"): the input's fault.
      if (!/alias/i.test((e as Error).message)) throw e;
      diagnostics.push(
        diagnostic(
          position(firstAlias(doc.contents as Node)),
          "yaml-alias-expansion",
          `the anchors and aliases (&name, *name) of this document expand to too many nodes (each alias may expand to at most ${MAX_ALIAS_COUNT}): a "billion laughs" alias bomb, or a document that should not use aliases`,
          "write the values out instead of repeating them through aliases; a catalog document or a Kubernetes object needs no nested aliases",
        ),
      );
      return;
    }
    documents.push({ value, source, locate, index });
  });
  return { documents, diagnostics };
}

/** How many nodes one alias may expand to before a document is refused as an alias bomb. */
const MAX_ALIAS_COUNT = 100;

/** Where the first alias (`*name`) of a document is. */
function firstAlias(contents: Node): number {
  let offset = contents.range?.[0] ?? 0;
  yaml().visit(contents, {
    Alias(_, node) {
      offset = node.range?.[0] ?? offset;
      return yaml().visit.BREAK;
    },
  });
  return offset;
}

/** The keys that repeat an earlier key of the same mapping, found in one pass with a set per mapping. */
function duplicateKeys(contents: Node): Node[] {
  const found: Node[] = [];
  yaml().visit(contents, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!yaml().isScalar(pair.key)) continue;
        const k = pair.key.value;
        if (seen.has(k)) found.push(pair.key);
        else seen.add(k);
      }
    },
  });
  return found;
}

/**
 * A plain scalar that is a key typed with a full-width colon: a key holding one (`{ cpu： kunpeng }`
 * reads as the key "cpu： kunpeng"), or a value that reads "name： web" (a mapping meant). Valid YAML,
 * so the parser says nothing; the name of the mistake is the useful diagnostic.
 */
function fullWidthColonKey(contents: Node): [Node, string] | undefined {
  let hit: [Node, string] | undefined;
  yaml().visit(contents, {
    Scalar(key, node) {
      if (node.type !== "PLAIN" || typeof node.value !== "string") return undefined;
      const asKey = key === "key" && /^[A-Za-z0-9_.\/-]+\s*\uff1a/.test(node.value);
      const asValue = /^[A-Za-z][A-Za-z0-9_.\/-]*\s*\uff1a(\s|$)/.test(node.value);
      if (asKey || asValue) {
        hit = [node as Node, node.value];
        return yaml().visit.BREAK;
      }
      return undefined;
    },
  });
  return hit;
}

/** Decodes and parses one file: its documents, or the diagnostics that say why there are none. */
export function parseFile(file: string, bytes: Uint8Array): ParsedFile {
  const { text, diagnostics } = decodeText(file, bytes);
  return text === undefined ? { documents: [], diagnostics } : parseYaml(file, text);
}

/**
 * What a parse cache keeps of a well-formed file: its documents' values and start positions, and the
 * position tables once something was located in it. Only files the fast path read cleanly are kept.
 */
export interface CachedParse {
  readonly docs: readonly { readonly value: unknown; readonly line: number; readonly column: number }[];
  readonly tables?: readonly PositionTable[];
}

/** Where parsed files are kept, by the hash of their bytes (catalog/cache.ts keeps them on disk). */
export interface ParseStore {
  get(key: string): CachedParse | undefined;
  put(key: string, entry: CachedParse): void;
  /** Indexes a file's metadata with the key of its content (catalog/cache.ts; see readCatalog's `known`). */
  noteFile?(path: string, stat: Stats, key: string): void;
}

/** What a cache key covers besides the bytes: a change of the parsers or of the entries' shape misses. */
export const PARSE_CACHE_SALT = `govcloud-parse/1 js-yaml/${jsYamlVersion()} yaml/${yamlVersion()}`;

function jsYamlVersion(): string {
  try {
    return (createRequire(import.meta.url)("js-yaml/package.json") as { version: string }).version;
  } catch {
    return "?";
  }
}
function yamlVersion(): string {
  try {
    return (createRequire(import.meta.url)("yaml/package.json") as { version: string }).version;
  } catch {
    return "?";
  }
}

const isEntry = (e: unknown): e is CachedParse =>
  typeof e === "object" &&
  e !== null &&
  Array.isArray((e as CachedParse).docs) &&
  (e as CachedParse).docs.length > 0 &&
  (e as CachedParse).docs.every(
    (d) =>
      typeof d === "object" &&
      d !== null &&
      Number.isInteger(d.line) &&
      Number.isInteger(d.column) &&
      d.value !== null &&
      d.value !== undefined,
  );

/** Position tables as a store gave them, when they have the right shape (else they are worked out again). */
const validTables = (tables: unknown, count: number): tables is PositionTable[] =>
  Array.isArray(tables) && tables.length === count && tables.every((t) => t instanceof Map);

/** A file to parse through a store: its bytes (read on demand), and its key when the caller knows it. */
export interface StoredFile {
  readonly path: string;
  readonly bytes: Uint8Array;
  /** The key of the bytes, from the store's index of file metadata (then `bytes` is not read on a hit). */
  readonly key?: string;
  /** The file's metadata, for the store's index. */
  readonly stat?: Stats;
}

/** The key of a file's bytes in a parse store. */
export const parseKey = (bytes: Uint8Array): string =>
  createHash("sha256").update(PARSE_CACHE_SALT).update("\0").update(bytes).digest("base64url");

/**
 * `parseFile` through a store: a file whose bytes were parsed before (same hash, same parsers) is
 * not parsed again, nor, once something was located in it, parsed again for positions. A file whose
 * key the store's metadata index gave is not even read, unless a position in it is asked for. A
 * missing or malformed entry is parsed as usual (from the bytes, hashed again), so the store never
 * changes a result.
 */
export function cachedParseFile(store: ParseStore): (file: StoredFile) => ParsedFile {
  return (f) => {
    const file = f.path;
    let key = f.key;
    let hit = key !== undefined ? store.get(key) : undefined;
    if (hit === undefined || !isEntry(hit)) {
      key = parseKey(f.bytes);
      hit = store.get(key);
    }
    const k = key!;
    if (hit !== undefined && isEntry(hit)) {
      const docs = hit.docs;
      if (f.stat) store.noteFile?.(file, f.stat, k);
      let text: string | undefined;
      let tables: readonly PositionTable[] | undefined;
      const positionsOf = (i: number): PositionTable => {
        // The store's tables, decoded only now that a position is asked for.
        if (!tables && validTables(hit.tables, docs.length)) tables = hit.tables;
        if (!tables) {
          text ??= decodeText(file, f.bytes).text ?? "";
          tables = positionTables(text);
          store.put(k, { docs, tables });
        }
        return tables[i] ?? new Map();
      };
      const documents: ParsedDocument[] = docs.map((d, index) => {
        let locator: Locator | undefined;
        const locate: Locator = (path, options) =>
          lazyPosition(file, () => (locator ??= locatorOf(file, positionsOf(index)))(path, options));
        return { value: d.value, source: { file, line: d.line, column: d.column }, locate, index };
      });
      return { documents, diagnostics: [] };
    }
    const { text, diagnostics } = decodeText(file, f.bytes);
    return text === undefined
      ? { documents: [], diagnostics }
      : parseYaml(file, text, (entry) => {
          store.put(k, entry);
          if (f.stat) store.noteFile?.(file, f.stat, k);
        });
  };
}
