/**
 * The YAML mistakes people make when typing Chinese (and a few others), found by a line scan.
 *
 * A YAML parser that meets a full-width colon, a full-width space in the indentation or a tab reports
 * where its grammar broke, which is usually a line or several below the mistake, each with a message
 * about indentation. This scan looks for the mistake itself. It runs only when the parser found an
 * error (so valid YAML, where these characters may legitimately appear inside values, is never
 * second-guessed), and when it finds something, its diagnostics replace the parser's knock-on ones.
 */
import { diagnostic, type Diagnostic } from "./diagnostics.js";

/** Characters that look like a space but are not one YAML indents with. */
const SPACE_LIKES: Record<string, string> = {
  "\t": "a tab",
  "\u3000": "a full-width space (U+3000 全角空格)",
  "\u00a0": "a no-break space (U+00A0)",
  "\u2002": "an en space (U+2002)",
  "\u2003": "an em space (U+2003)",
  "\u2009": "a thin space (U+2009)",
  "\u200b": "a zero-width space (U+200B)",
  "\u202f": "a narrow no-break space (U+202F)",
  "\ufeff": "a byte-order mark (U+FEFF)",
};
const SPACE_LIKE = new RegExp(`[${Object.keys(SPACE_LIKES).join("")}]`);
const INDENT = new RegExp(`^[ ${Object.keys(SPACE_LIKES).join("")}]*`);
/** What a mapping key looks like in the catalog and in Kubernetes YAML. */
const KEY = /^[A-Za-z0-9_.\/-]+$/;

interface Segment {
  /** The line's text with quoted strings blanked and any comment cut off, so columns are kept. */
  readonly code: string;
}

/** Blanks quoted strings (keeping columns) and drops a trailing comment. */
function codeOf(line: string): Segment {
  let out = "";
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) {
        if (quote === "'" && line[i + 1] === "'") {
          out += "  ";
          i++;
          continue;
        }
        quote = undefined;
        out += ch;
      } else if (quote === '"' && ch === "\\") {
        out += "  ";
        i++;
      } else out += " ";
      continue;
    }
    if ((ch === '"' || ch === "'") && (i === 0 || /[\s{[,:]/.test(line[i - 1]!))) {
      quote = ch;
      out += ch;
      continue;
    }
    if (ch === "#" && (i === 0 || /\s/.test(line[i - 1]!))) break;
    out += ch;
  }
  return { code: out };
}

/**
 * The typing mistakes in `text`, at most one per line, in line order. Lines inside block scalars
 * (`|`, `>`) are content, not YAML, and are skipped.
 */
export function yamlTypos(file: string, text: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  const lines = text.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
  let blockScalarIndent: number | undefined; // inside a block scalar whose parent line had this indent
  lines.forEach((line, i) => {
    const at = (index: number) => ({ file, line: i + 1, column: index + 1 });
    const lead = line.match(INDENT)![0];
    const indent = lead.length;
    const rest = line.slice(indent);
    if (blockScalarIndent !== undefined) {
      if (rest === "" || indent > blockScalarIndent) return;
      blockScalarIndent = undefined;
    }
    if (rest === "" || rest.startsWith("#")) return;
    // 1. Indentation with something that only looks like a space.
    const bad = lead.search(SPACE_LIKE);
    if (bad >= 0) {
      const ch = lead[bad]!;
      const what = SPACE_LIKES[ch]!;
      found.push(
        ch === "\t"
          ? diagnostic(
              at(bad),
              "yaml-tab-as-indent",
              "a tab in the indentation: YAML indents with spaces only",
              "replace the tab with spaces, as many as the lines around it use",
            )
          : diagnostic(
              at(bad),
              "yaml-unicode-space-indent",
              `${what} in the indentation: YAML indents with ASCII spaces only`,
              "replace it with ordinary spaces (half-width, 半角空格), as many as the lines around it use",
            ),
      );
      return;
    }
    const { code } = codeOf(line);
    // 2. A full-width colon where a key ends: `department： health` or `{ cpu： kunpeng }`.
    for (let c = code.indexOf("\uff1a"); c >= 0; c = code.indexOf("\uff1a", c + 1)) {
      const before = code.slice(0, c);
      const start = Math.max(
        before.lastIndexOf("{"),
        before.lastIndexOf(","),
        before.lastIndexOf("["),
        before.lastIndexOf("\uff0c"),
      );
      const token = (start >= 0 ? before.slice(start + 1) : before.slice(indent).replace(/^-\s+/, "")).trim();
      if (KEY.test(token)) {
        found.push(
          diagnostic(
            at(c),
            "yaml-fullwidth-colon",
            `a full-width colon "：" (U+FF1A) after the key "${token}": YAML separates a key from its value with the ASCII colon ":"`,
            `type "${token}: " with a half-width colon (半角冒号) and a space`,
          ),
        );
        return;
      }
    }
    // 3. A full-width comma between the entries of a flow collection: `{ cpu: kunpeng， os: kylin }`.
    let depth = 0;
    for (let c = 0; c < code.length; c++) {
      const ch = code[c]!;
      if (ch === "{" || ch === "[") depth++;
      else if (ch === "}" || ch === "]") depth = Math.max(0, depth - 1);
      else if (ch === "\uff0c" && depth > 0 && /^\s*[A-Za-z0-9_.\/-]+\s*:(\s|$)/.test(code.slice(c + 1))) {
        found.push(
          diagnostic(
            at(c),
            "yaml-fullwidth-comma",
            `a full-width comma "，" (U+FF0C) between two entries of a flow collection: YAML separates them with the ASCII comma ","`,
            `type "," with a half-width comma (半角逗号) and a space`,
          ),
        );
        return;
      }
    }
    // 4. A flow collection opened on this line and never closed, where the next line cannot continue it.
    const open: string[] = [];
    for (const ch of code) {
      if (ch === "{" || ch === "[") open.push(ch);
      else if ((ch === "}" || ch === "]") && open.length > 0) open.pop();
    }
    if (open.length > 0) {
      const next = lines.slice(i + 1).find((l) => l.trim() !== "" && !l.trimStart().startsWith("#"));
      const nextIndent = next === undefined ? -1 : next.match(INDENT)![0].length;
      if (nextIndent <= indent) {
        const closer = open
          .map((o) => (o === "{" ? "}" : "]"))
          .reverse()
          .join("");
        found.push(
          diagnostic(
            at(code.trimEnd().length),
            "yaml-unclosed-flow",
            `the ${open.at(-1) === "{" ? "flow mapping" : "flow list"} opened on this line with "${open.at(-1)}" is not closed`,
            `add "${closer}" at the end of the line`,
          ),
        );
        return;
      }
    }
    if (/(^|\s|:)[|>][0-9+-]*\s*$/.test(code)) blockScalarIndent = indent;
  });
  return found;
}
