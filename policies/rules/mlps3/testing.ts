/** Grading assessment (等级测评) of level 3 systems: at least once a year, and not failed. */
import { cite } from "../../sources.js";
import type { Rule, Violation } from "../../types.js";
import { daysBetween } from "../support.js";

const none: readonly Violation[] = [];
/** A year, as 公通字〔2007〕43号 art. 14 counts it for level 3 (每年至少进行一次等级测评). */
export const MLPS_TEST_INTERVAL_DAYS = 365;

export const rules: readonly Rule[] = [
  {
    id: "MLPS3-TEST-001",
    title: "Level 3 systems are assessed every year, and pass",
    pack: "mlps3",
    severity: "medium",
    clause: cite("公通字〔2007〕43号", "2007", "art. 14"),
    target: "request",
    description: `A level 3 system undergoes a grading assessment (等级测评) at least once a year (公通字〔2007〕43号 art. 14; seed 001 三(五)14), and a poor (差) conclusion is a failed assessment to remedy. Judged from spec.mlps.assessment; "a year" is ${MLPS_TEST_INTERVAL_DAYS} days.`,
    remediation: "Commission the year's assessment from a qualified testing body and record its date and conclusion in spec.mlps.assessment; remedy a poor result and have it re-tested.",
    check: ({ request, today }) => {
      const s = request.doc.spec;
      if (s.mlpsLevel < 3) return none;
      const a = s.mlps?.assessment;
      if (!a) return [{ message: "a level 3 system records no grading assessment (spec.mlps.assessment)", path: s.mlps ? ["spec", "mlps"] : ["spec", "mlpsLevel"] }];
      const out: Violation[] = [];
      if (today !== undefined && daysBetween(a.date, today) > MLPS_TEST_INTERVAL_DAYS) {
        out.push({ message: `the last grading assessment was on ${a.date}, ${daysBetween(a.date, today)} days ago: level 3 is assessed every year`, path: ["spec", "mlps", "assessment", "date"] });
      }
      if (a.result === "poor") out.push({ message: `the grading assessment of ${a.date} concluded poor (差): remedy and re-test`, path: ["spec", "mlps", "assessment", "result"] });
      return out;
    },
  },
];
