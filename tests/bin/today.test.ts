/** --today is parsed once for every command: a date that does not exist is a usage error (exit 2), not a stack. */
import { describe, expect, it } from "vitest";
import { govcloud, STACK_TRACE } from "../support/cli.js";

describe("--today", () => {
  for (const [args, day, problem] of [
    [["validate"], "2026-02-30", "there is no day 30 in 2026-02 (it has 28 days)"],
    [["check", "--format", "json"], "2026-13-45", "there is no month 13"],
    [["dr"], "2026-1-5", "expected YYYY-MM-DD"],
  ] as const) {
    it(`${args[0]} rejects ${day}`, () => {
      const r = govcloud([...args, "--today", day]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`govcloud: --today ${day}: ${problem}`);
      expect(r.stderr).not.toMatch(STACK_TRACE);
      expect(r.stdout).toBe("");
    });
  }
  it("rejects an impossible GOVCLOUD_TODAY the same way", () => {
    const r = govcloud(["ipam", "--format", "csv"], { env: { GOVCLOUD_TODAY: "2025-02-29" } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--today 2025-02-29: there is no day 29 in 2025-02 (it has 28 days)");
  });
  it("accepts a leap day", () => {
    const r = govcloud(["validate", "--format", "json", "--today", "2028-02-29"]);
    expect(r.status, r.stderr).toBe(0);
  });
});
