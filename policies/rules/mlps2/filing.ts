/**
 * MLPS filing and testing (定级、备案、测评; seed 001 三(五)14): a system of level 2 or above is filed
 * with the public security organ (公通字〔2007〕43号 art. 15). The level 3 testing cycle is pack mlps3's
 * (MLPS3-TEST-001).
 */
import { cite } from "../../sources.js";
import type { Rule, Violation } from "../../types.js";

const none: readonly Violation[] = [];

export const rules: readonly Rule[] = [
  {
    id: "MLPS2-FILE-001",
    title: "Level 2 and above systems are filed (备案)",
    pack: "mlps2",
    severity: "medium",
    clause: cite("公通字〔2007〕43号", "2007", "art. 15"),
    target: "request",
    description:
      "A system graded MLPS level 2 or above is filed with the public security organ of its city within 30 days of its grading (公通字〔2007〕43号 art. 15; seed 001 三(五)14: 开展网络安全等级保护定级、备案、测评). The request records the filing certificate's number (spec.mlps.filingNumber).",
    remediation: "File the system with the city's public security organ and record the certificate's number and date in spec.mlps.filingNumber and spec.mlps.filed.",
    check: ({ request }) => {
      const s = request.doc.spec;
      if (s.mlpsLevel < 2 || s.mlps?.filingNumber !== undefined) return none;
      return [{ message: `an MLPS level ${s.mlpsLevel} system records no filing (spec.mlps.filingNumber)`, path: s.mlps ? ["spec", "mlps"] : ["spec", "mlpsLevel"] }];
    },
  },
];
