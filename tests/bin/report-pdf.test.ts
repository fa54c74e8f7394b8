/**
 * `govcloud report … --format pdf --output F` end to end, through the command and Debian's Chromium:
 * the file is a PDF, its pages are A4, the CJK font is embedded (a subset of a CJK font program) and
 * the Chinese text is extractable (the fonts' ToUnicode maps cover every character of the title).
 * Skipped without chromium unless REQUIRE_SYSTEM_DEPS=1.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { afterAll, expect, it } from "vitest";
import { chromiumPath } from "../../reports/index.js";
import { govcloud } from "../support/cli.js";
import { toolSupport } from "../support/prometheus.js";

const support = toolSupport([chromiumPath()]);
const dir = mkdtempSync(join(tmpdir(), "govcloud-report-pdf-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The decompressed content of every FlateDecode stream of a PDF. */
function streams(pdf: Buffer): string[] {
  const out: string[] = [];
  const text = pdf.toString("latin1");
  const re = /<<([^]*?)>>\s*stream\r?\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length;
    const end = text.indexOf("endstream", start);
    if (end < 0) break;
    if (!/\/FlateDecode/.test(m[1]!)) continue;
    try {
      out.push(inflateSync(pdf.subarray(start, end)).toString("latin1"));
    } catch {
      /* the stream's trailing EOL is not part of the data; inflate tolerates it, other failures are not text */
    }
  }
  return out;
}

/** Unicode characters the ToUnicode CMaps map glyphs to (bfchar and bfrange entries). */
function mappedCharacters(cmaps: readonly string[]): Set<string> {
  const chars = new Set<string>();
  const hex = (h: string) => String.fromCodePoint(...(h.match(/.{4}/g) ?? []).map((x) => parseInt(x, 16)));
  for (const c of cmaps) {
    for (const block of c.matchAll(/beginbfchar([^]*?)endbfchar/g))
      for (const m of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) chars.add(hex(m[2]!));
    for (const block of c.matchAll(/beginbfrange([^]*?)endbfrange/g))
      for (const m of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
        const n = parseInt(m[2]!, 16) - parseInt(m[1]!, 16);
        const first = parseInt(m[3]!, 16);
        for (let i = 0; i <= n; i++) chars.add(String.fromCodePoint(first + i));
      }
  }
  return chars;
}

support.describe("govcloud report --format pdf", () => {
  it.each([
    ["situation", "政务云态势感知报告"],
    ["usage", "政务云资源使用情况报告"],
  ])(
    "report %s: an A4 PDF with the CJK font embedded and the title extractable",
    (kind, title) => {
      const file = join(dir, `${kind}.pdf`);
      const r = govcloud(["report", kind, "--format", "pdf", "--output", file, "--at", "2026-11-23T00:00:00Z"]);
      expect(r.status, r.stderr).toBe(0);
      expect(readdirSync(dir).filter((f) => f.includes(".tmp-"))).toEqual([]);
      const pdf = readFileSync(file);
      const text = pdf.toString("latin1");
      expect(text.startsWith("%PDF-")).toBe(true);
      expect(text.trimEnd().endsWith("%%EOF")).toBe(true);

      // Pages: every one A4 (595.3 × 841.9 pt, Chromium rounds to within a point).
      const boxes = [...text.matchAll(/\/Type\s*\/Page\b[^]*?\/MediaBox\s*\[([^\]]+)\]/g)].map((m) =>
        m[1]!.trim().split(/\s+/).map(Number),
      );
      expect(boxes.length).toBeGreaterThan(1);
      for (const [x0, y0, x1, y1] of boxes) {
        expect(Math.abs(x1! - x0! - 595.28)).toBeLessThan(2);
        expect(Math.abs(y1! - y0! - 841.89)).toBeLessThan(2);
      }

      // The CJK font is embedded (a subset: ABCDEF+Name, with its font program), not substituted.
      const fonts = [...text.matchAll(/\/BaseFont\s*\/([A-Z]{6}\+[^\s/>]+)/g)].map((m) => m[1]!);
      expect(
        fonts.some((f) => /WenQuanYi|Noto.*CJK|SourceHan|Droid.*Fallback/i.test(f)),
        fonts.join(", "),
      ).toBe(true);
      expect(text).toMatch(/\/FontFile[23]?\b/);

      // The Chinese text is extractable: the ToUnicode maps cover every character of the title.
      const cmaps = streams(pdf).filter((s) => s.includes("begincmap"));
      expect(cmaps.length).toBeGreaterThan(0);
      const chars = mappedCharacters(cmaps);
      expect([...title].filter((c) => !chars.has(c))).toEqual([]);
    },
    240_000,
  );

  it("--format pdf without a Chromium to start is exit 2 naming CHROMIUM_BIN, not an internal error", () => {
    const file = join(dir, "no-chromium.pdf");
    const r = govcloud(["report", "usage", "--format", "pdf", "--output", file, "--at", "2026-11-23T00:00:00Z"], {
      env: { CHROMIUM_BIN: join(dir, "no-such-chromium") },
    });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/--format pdf: Chromium could not be started from .*no-such-chromium.*CHROMIUM_BIN/);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(readdirSync(dir).filter((f) => f.startsWith("no-chromium"))).toEqual([]);
  }, 240_000);

  it("--format pdf without --output is exit 2 with a clear message", () => {
    const r = govcloud(["report", "usage", "--format", "pdf", "--at", "2026-11-23T00:00:00Z"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--format pdf needs --output FILE/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 240_000);
});
