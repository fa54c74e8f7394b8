/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The HTML reports in headless Chromium (playwright-core, Debian's chromium): no console errors, no
 * network request, KPI numbers on the page equal the JSON's, CJK text drawn with a real CJK font
 * (CSS.getPlatformFontsForNode), nothing overflows at 1280 px or on A4; screenshots kept in
 * test-artifacts/reports/ and the PDF rendered.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { chromium, type Browser } from "playwright-core";
import { loadCatalog } from "../../catalog/index.js";
import {
  catalogFamilies,
  chromiumLaunchOptions,
  formatValue,
  renderHtml,
  situationReport,
  usageReport,
  type Report,
} from "../../reports/index.js";
import { ROOT } from "../support/cli.js";
import { toolSupport } from "../support/prometheus.js";

const CHROMIUM = chromiumLaunchOptions();
const ARTIFACTS = join(ROOT, "test-artifacts/reports");
const TODAY = "2026-11-23";
const AT = Date.parse(`${TODAY}T00:00:00Z`) / 1000;
const support = toolSupport([CHROMIUM.executablePath]);

support.describe("reports in headless Chromium", () => {
  let browser: Browser | undefined;
  const reports: Report[] = [];
  beforeAll(async () => {
    const { estate } = await loadCatalog(join(ROOT, "catalog"), { today: TODAY });
    const families = catalogFamilies(estate!, TODAY);
    reports.push(
      situationReport({ estate: estate!, families, lang: "zh", at: AT }),
      usageReport({ estate: estate!, families, lang: "zh", at: AT }),
      situationReport({ estate: estate!, families, lang: "en", at: AT }),
      // A department's own report (its title, scope notice and "province-wide" labels must fit too).
      situationReport({
        estate: estate!,
        families: catalogFamilies(estate!, TODAY, { department: "sports" }),
        lang: "zh",
        at: AT,
        department: "sports",
      }),
      // A department's usage report (its long column labels: whole node's capacity, its share).
      usageReport({ estate: estate!, families, lang: "zh", at: AT, department: "sports" }),
    );
    browser = await chromium.launch({
      // Playwright's 30 s default is short for a loaded CI machine: slow is not wrong here.
      timeout: 120_000,
      ...CHROMIUM,
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("loads without errors or requests, shows the JSON's numbers in a CJK font, fits 1280 px and A4", async () => {
    for (const r of reports) {
      const name = `${r.kind}${r.scope?.department ? `-${r.scope.department}` : ""}-${r.lang}`;
      const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
      page.setDefaultTimeout(120_000);
      const errors: string[] = [];
      const requests: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("request", (q) => {
        if (!q.url().startsWith("data:") && q.url() !== "about:blank") requests.push(q.url());
      });
      await page.setContent(renderHtml(r), { waitUntil: "load" });
      expect(errors, name).toEqual([]);
      expect(requests, name).toEqual([]);

      const shown = await page.$$eval("[data-kpi]", (els) =>
        els.map((e) => [e.getAttribute("data-kpi"), e.querySelector("[data-value]")!.textContent]),
      );
      expect(Object.fromEntries(shown)).toEqual(
        Object.fromEntries(r.kpis.map((k) => [k.id, formatValue(k.value, k.unit, r.lang)])),
      );

      if (r.lang === "zh") {
        const cdp = await page.context().newCDPSession(page);
        await cdp.send("DOM.enable");
        await cdp.send("CSS.enable");
        const { root } = await cdp.send("DOM.getDocument");
        const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector: "h1" });
        const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
        const families = fonts.map((f) => f.familyName);
        expect(
          families.some((f) => /WenQuanYi|Noto Sans CJK|Source Han|Droid Sans Fallback|AR PL/i.test(f)),
          families.join(", "),
        ).toBe(true);
      }

      const overflow = await page.evaluate(() => ({
        doc: document.documentElement.scrollWidth,
        view: window.innerWidth,
        wide: [...document.querySelectorAll("table, figure, .kpi")].filter((e) => e.scrollWidth > e.clientWidth + 1)
          .length,
      }));
      expect(overflow.doc, name).toBeLessThanOrEqual(overflow.view);
      expect(overflow.wide, name).toBe(0);
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
      await page.screenshot({ path: join(ARTIFACTS, `${name}-top.png`) });

      // A4 print: 210 mm minus 24 mm margins at 96 dpi ≈ 703 px of content width
      await page.emulateMedia({ media: "print" });
      await page.setViewportSize({ width: 703, height: 1000 });
      const printOverflow = await page.evaluate(() => ({
        doc: document.documentElement.scrollWidth,
        view: window.innerWidth,
      }));
      expect(printOverflow.doc, `${name} on A4`).toBeLessThanOrEqual(printOverflow.view);
      const pdf = await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
      expect(Buffer.from(pdf).subarray(0, 5).toString()).toBe("%PDF-");
      writeFileSync(join(ARTIFACTS, `${name}.pdf`), pdf);
      await page.close();
    }
    expect(existsSync(join(ARTIFACTS, "situation-zh.png"))).toBe(true);
  }, 180_000);
});
