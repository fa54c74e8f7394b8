/**
 * Reading catalog files: bounded, UTF-8, YAML with positions. Each document keeps its parsed AST so
 * that any path inside it can be turned back into a file:line:column.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from "yaml";
import { diagnostic, type Diagnostic } from "./diagnostics.js";
import type { DocPath, Locator, SourcePosition } from "./model.js";

/** Files above this size are refused before parsing, so a huge file costs bounded time and memory. */
export const MAX_FILE_BYTES = 1024 * 1024;

export interface ParsedDocument {
  readonly value: unknown;
  readonly source: SourcePosition;
  readonly locate: Locator;
  /** Position of the document's `kind` value, or its start. */
  readonly index: number;
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
        diagnostic(at, "file-binary", "the file is not UTF-8 text", "catalog files are UTF-8 YAML: replace it with the YAML document"),
      ],
    };
  }
  if (text.trim() === "") {
    return { diagnostics: [diagnostic(at, "file-empty", "the file holds no document", "add the document, or delete the file")] };
  }
  return { text, diagnostics: [] };
}

/** Parses YAML text into documents with locators; syntax errors become diagnostics. */
export function parseYaml(file: string, text: string): ParsedFile {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const diagnostics: Diagnostic[] = [];
  const position = (offset: number): SourcePosition => {
    const p = lineCounter.linePos(offset);
    return { file, line: p.line, column: p.col };
  };
  const documents: ParsedDocument[] = [];
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc: Document.Parsed, index) => {
    const problems = [...doc.errors];
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
            code === "BAD_INDENT" ? "this line is not indented like its siblings" : "this line is indented deeper than the key above it, so YAML reads it as part of that key's value",
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
    const contents = doc.contents as Node;
    const locate: Locator = (path: DocPath, options) => {
      let node: unknown = contents;
      let found = contents as Node;
      let key: Node | undefined;
      for (const [i, seg] of path.entries()) {
        if (isMap(node)) {
          const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
          if (!pair) break;
          const last = i === path.length - 1;
          node = pair.value ?? pair.key;
          key = pair.key as Node;
          found = (options?.key && last ? pair.key : (pair.value ?? pair.key)) as Node;
        } else if (isSeq(node) && typeof seg === "number" && node.items[seg] !== undefined) {
          node = node.items[seg];
          found = node as Node;
          key = undefined;
        } else break;
      }
      // A block mapping or list starts on the line after its key: the key is where a reader looks.
      if (key && (isMap(found) || isSeq(found)) && !found.flow) return position(key.range?.[0] ?? 0);
      return position(found.range?.[0] ?? 0);
    };
    documents.push({ value: doc.toJS({ maxAliasCount: 100 }), source: locate([]), locate, index });
  });
  return { documents, diagnostics };
}
