/**
 * `npm run build` writes the platform stack's default inputs to dist/bin/platform-inputs.json
 * (scripts/gen-platform-inputs.mjs), which `govcloud plan` reads instead of importing the operators'
 * CRDs and the Grafana SDK. The file must be what bin/platform.ts builds from the current sources, or
 * the built command would plan other objects than the sources say.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PLATFORM_INPUTS_FILE, loadPlatformInputs } from "../../bin/platform-inputs.js";
import { platformInputs } from "../../bin/platform.js";
import { ROOT } from "../support/cli.js";

const saved = process.env.GOVCLOUD_RUNBOOK_BASE;
afterEach(() => {
  if (saved === undefined) delete process.env.GOVCLOUD_RUNBOOK_BASE;
  else process.env.GOVCLOUD_RUNBOOK_BASE = saved;
});

describe("platform inputs built at build time", () => {
  it("are the inputs the sources build", () => {
    delete process.env.GOVCLOUD_RUNBOOK_BASE;
    const built = JSON.parse(readFileSync(join(ROOT, "dist/bin", PLATFORM_INPUTS_FILE), "utf8")) as unknown;
    const fresh = platformInputs();
    expect(fresh.crds?.length).toBeGreaterThan(0);
    expect(fresh.monitoring?.length).toBeGreaterThan(0);
    expect(built).toEqual(JSON.parse(JSON.stringify(fresh)));
  });

  it("are built at run time when GOVCLOUD_RUNBOOK_BASE asks for other runbook links", async () => {
    process.env.GOVCLOUD_RUNBOOK_BASE = "https://runbooks.example.gov.cn/govcloud";
    const inputs = await loadPlatformInputs();
    const text = JSON.stringify(inputs.monitoring);
    expect(text).toContain("https://runbooks.example.gov.cn/govcloud/");
    expect(text).not.toContain('"docs/runbooks/');
  });
});
