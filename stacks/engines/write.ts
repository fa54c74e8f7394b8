/**
 * The engines' writer: files given as pieces of text, written a file at a time through a small buffer,
 * so that no output is ever one string in memory (at 50x a node's stack is tens of megabytes, the
 * Plan's JSON a quarter of a gigabyte). Synchronous: the CLI writes one file after another anyway,
 * and the pieces are produced while the file is written.
 */
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";

/** A file: its path (relative to the root), its text or text pieces. */
export type FilePieces = readonly [path: string, text: string | Iterable<string>, ...rest: unknown[]];

const BUFFER_BYTES = 1 << 20;
let shared: Buffer | undefined;

/** write(2) may write less than asked: loop until all of it is written. */
function writeAll(fd: number, bytes: Uint8Array, length = bytes.length): void {
  for (let off = 0; off < length;) off += writeSync(fd, bytes, off, length - off);
}

/** Writes one file from its pieces, each encoded straight into a reused buffer (no joined copy). */
export function writePieces(path: string, text: string | Iterable<string>): void {
  const fd = openSync(path, "w");
  try {
    const buf = (shared ??= Buffer.allocUnsafe(BUFFER_BYTES));
    let used = 0;
    for (const piece of typeof text === "string" ? [text] : text) {
      // A UTF-16 code unit takes at most 3 bytes of UTF-8.
      if (used + piece.length * 3 > buf.length) {
        writeAll(fd, buf, used);
        used = 0;
        if (piece.length * 3 > buf.length) {
          writeAll(fd, Buffer.from(piece, "utf8"));
          continue;
        }
      }
      used += buf.write(piece, used, "utf8");
    }
    writeAll(fd, buf, used);
  } finally {
    closeSync(fd);
  }
}

/** Writes files under `root` in the order given, creating folders as needed; `onFile` hears of each. */
export function writeTree(root: string, files: Iterable<FilePieces>, onFile?: (path: string) => void): void {
  const made = new Set<string>();
  for (const [rel, text] of files) {
    const path = join(root, rel);
    const dir = dirname(path);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    writePieces(path, text);
    onFile?.(rel);
  }
}
