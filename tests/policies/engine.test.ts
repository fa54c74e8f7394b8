import { describe, expect, it } from "vitest";
import { assembleEstate, type Estate } from "../../catalog/index.js";
import { evaluate, parseObjects, touchedSystems, type Rule } from "../../policies/index.js";
import { clinicRequest as secondRequest } from "../support/requests.js";
import { TODAY, tinyCatalog, toFiles } from "../support/tiny-catalog.js";

function estateOf(texts: Record<string, string>): Estate {
  const r = assembleEstate("/t", toFiles(texts), { estate: "t", today: TODAY });
  if (!r.estate) throw new Error(r.diagnostics.map((d) => `${d.file}:${d.line} ${d.code} ${d.message}`).join("\n"));
  return r.estate;
}

const meta = { pack: "data", severity: "high", clause: { standard: "TEST", edition: "1", clause: "1", title: "test", derived: false }, description: "A rule for the engine's tests.", remediation: "Do what the test says to do." } as const;

/** Fails every request holding important data, at spec.dataLevel. */
const important: Rule = {
  ...meta,
  id: "TEST-REQ-001",
  title: "No important data",
  target: "request",
  check: ({ request }) => (request.doc.spec.dataLevel === "important" ? [{ message: "holds important data", path: ["spec", "dataLevel"] }] : []),
};
/** Fails every cloud node with a domestic share below one half. */
const domestic: Rule = {
  ...meta,
  id: "TEST-EST-001",
  title: "Domestic nodes",
  target: "estate",
  check: ({ estate }) =>
    estate.clouds
      .filter((c) => c.doc.spec.domesticShare < 0.55)
      .map((c) => ({ message: `${c.doc.metadata.name} is foreign`, subject: { type: "catalog" as const, cloud: c.doc.metadata.name, ...c.locate(["spec", "domesticShare"]) } })),
};
let seenKinds: string[] = [];
const privileged: Rule = {
  ...meta,
  id: "TEST-OBJ-001",
  title: "No privileged deployments",
  target: "object",
  kinds: ["Deployment"],
  check: ({ object }) => {
    seenKinds.push(object.kind);
    return (object.metadata.labels?.privileged === "true" ? [{ message: "privileged" }] : []);
  },
};
const crashing: Rule = { ...meta, id: "TEST-BUG-001", title: "Crashes", target: "request", check: () => { throw new Error("boom"); } };

const exception = (name: string, rule: string, subject: string, expires = "2027-03-31") => `apiVersion: govcloud.io/v1alpha1
kind: PolicyException
metadata:
  name: ${name}
spec:
  rule: ${rule}
  subject: ${subject}
  justification: The department encrypts at the application layer until the KMS is available.
  approver: { name: 赵安, email: zhaoan@sx.gov.example }
  approved: "2026-10-01"
  expires: "${expires}"
`;

function withoutExceptions(extra: Record<string, string> = {}): Record<string, string> {
  const t = tinyCatalog();
  delete t["exceptions/portal-audit.yaml"];
  return { ...t, ...extra };
}


describe("evaluate", () => {
  it("judges request rules per request at the exact line, and estate rules once", () => {
    const estate = estateOf(withoutExceptions());
    const r = evaluate({ rules: [important, domestic], estate, today: TODAY });
    const req = r.findings.find((f) => f.rule === "TEST-REQ-001")!;
    expect(req).toMatchObject({ result: "fail", pack: "data", severity: "high", subject: { type: "catalog", department: "health", system: "portal", cloud: "province", file: "requests/health/portal.yaml", line: 11 } });
    expect(r.findings.filter((f) => f.rule === "TEST-EST-001").map((f) => f.message)).toEqual(["city-140200 is foreign"]);
    expect(r.stats.requests).toBe(1);
    expect(r.passes.total).toBe(0);
  });

  it("turns a crashing rule into an error finding instead of failing the run", () => {
    const r = evaluate({ rules: [crashing], estate: estateOf(withoutExceptions()), today: TODAY });
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ rule: "TEST-BUG-001", result: "error" });
    expect(r.findings[0]!.message).toContain("boom");
  });

  it("calls object rules only on their kinds and counts passes per namespace", () => {
    seenKinds = [];
    const { objects } = parseObjects(
      "objs.yaml",
      `apiVersion: apps/v1
kind: Deployment
metadata: { name: a, namespace: health-portal }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: b, namespace: health-portal, labels: { privileged: "true" } }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: c, namespace: health-portal }
`,
    );
    const r = evaluate({ rules: [privileged], objects, today: TODAY });
    expect(seenKinds).toEqual(["Deployment", "Deployment"]);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.subject).toEqual({ type: "object", apiVersion: "apps/v1", kind: "Deployment", namespace: "health-portal", name: "b", source: { file: "objs.yaml", line: 5, column: 1 } });
    expect(r.passes.byNamespace.get("health-portal")).toBe(1);
  });

  it("gives object rules the labels of their namespace when it is among the objects", () => {
    const seen: (string | undefined)[] = [];
    const level: Rule = { ...meta, id: "TEST-NSL-001", title: "Namespace level", target: "object", kinds: ["ConfigMap"], check: ({ namespaceLabels }) => (seen.push(namespaceLabels?.["govcloud.io/mlps-level"]), []) };
    const { objects } = parseObjects(
      "o.yaml",
      `apiVersion: v1
kind: Namespace
metadata: { name: health-portal, labels: { govcloud.io/mlps-level: "3" } }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: a, namespace: health-portal }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: b, namespace: elsewhere }
`,
    );
    evaluate({ rules: [level], objects, today: TODAY });
    expect(seen).toEqual(["3", undefined]);
  });

  it("judges only the systems in scope, keeping estate findings about their cloud", () => {
    const estate = estateOf(withoutExceptions({ "requests/datong-approval/clinic.yaml": secondRequest }));
    const all = evaluate({ rules: [important, domestic], estate, today: TODAY });
    expect(all.findings.filter((f) => f.rule === "TEST-REQ-001")).toHaveLength(2);
    const scoped = evaluate({ rules: [important, domestic], estate, today: TODAY, systems: new Set(["health/portal"]) });
    expect(scoped.findings.map((f) => `${f.rule} ${f.subject.type === "catalog" ? (f.subject.system ?? f.subject.cloud) : ""}`)).toEqual(["TEST-REQ-001 portal"]);
    const datong = evaluate({ rules: [important, domestic], estate, today: TODAY, systems: new Set(["datong-approval/clinic"]) });
    expect(datong.findings.map((f) => f.rule).sort()).toEqual(["TEST-EST-001", "TEST-REQ-001"]);
  });
});

describe("exceptions", () => {
  it("turn a matched failure into skip with the justification and approver", () => {
    const estate = estateOf(withoutExceptions({ "exceptions/portal-data.yaml": exception("portal-data", "TEST-REQ-001", "{ department: health, system: portal }") }));
    const r = evaluate({ rules: [important], estate, today: TODAY });
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ result: "skip", exception: { name: "portal-data", approver: "赵安", expires: "2027-03-31", expired: false } });
    expect(r.findings[0]!.exception!.justification).toContain("application layer");
    expect(r.stale).toEqual([]);
  });

  it("match on a cloud or a department alone, and on object namespaces", () => {
    const estate = estateOf(
      withoutExceptions({
        "exceptions/datong-node.yaml": exception("datong-node", "TEST-EST-001", "{ cloud: city-140200 }"),
        "exceptions/health-all.yaml": exception("health-all", "TEST-REQ-001", "{ department: health }"),
        "exceptions/priv.yaml": exception("priv", "TEST-OBJ-001", "{ namespace: health-portal, kind: Deployment, name: b }"),
      }),
    );
    const { objects } = parseObjects("o.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: b, namespace: health-portal, labels: { privileged: \"true\" } }\n");
    const r = evaluate({ rules: [important, domestic, privileged], estate, objects, today: TODAY });
    expect(r.findings.map((f) => `${f.rule}:${f.result}`).sort()).toEqual(["TEST-EST-001:skip", "TEST-OBJ-001:skip", "TEST-REQ-001:skip"]);
    expect(r.stale).toEqual([]);
  });

  it("re-raise the finding when expired, and say so", () => {
    const estate = estateOf(withoutExceptions({ "exceptions/portal-data.yaml": exception("portal-data", "TEST-REQ-001", "{ department: health, system: portal }", "2026-11-22") }));
    const r = evaluate({ rules: [important], estate, today: TODAY });
    expect(r.findings[0]).toMatchObject({ result: "fail", exception: { name: "portal-data", expired: true, expires: "2026-11-22" } });
    expect(r.findings[0]!.message).toContain("expired on 2026-11-22");
  });

  it("apply through their last day", () => {
    const estate = estateOf(withoutExceptions({ "exceptions/portal-data.yaml": exception("portal-data", "TEST-REQ-001", "{ department: health, system: portal }", TODAY) }));
    expect(evaluate({ rules: [important], estate, today: TODAY }).findings[0]!.result).toBe("skip");
  });

  it("are stale when they match nothing or name an unknown rule, but not outside a scoped run", () => {
    const estate = estateOf(
      withoutExceptions({
        "requests/datong-approval/clinic.yaml": secondRequest.replace("dataLevel: important", "dataLevel: general"),
        "exceptions/clinic-data.yaml": exception("clinic-data", "TEST-REQ-001", "{ department: datong-approval, system: clinic }"),
        "exceptions/typo.yaml": exception("typo", "TEST-REQ-999", "{ department: health }"),
      }),
    );
    const r = evaluate({ rules: [important], estate, today: TODAY });
    expect(r.stale.map((s) => [s.name, s.source?.file, s.source?.line])).toEqual([
      ["clinic-data", "exceptions/clinic-data.yaml", 6],
      ["typo", "exceptions/typo.yaml", 6],
    ]);
    expect(r.stale[0]!.message).toBe("TEST-REQ-001 finds nothing on department datong-approval, system clinic");
    expect(r.stale[1]!.message).toBe("no rule TEST-REQ-999 exists");
    const scoped = evaluate({ rules: [important], estate, today: TODAY, systems: new Set(["health/portal"]) });
    expect(scoped.stale.map((s) => s.name)).toEqual(["typo"]);
  });

  it("for a rule that was not evaluated are not judged stale", () => {
    const estate = estateOf(withoutExceptions({ "exceptions/priv.yaml": exception("priv", "TEST-OBJ-001", "{ namespace: health-portal, kind: Deployment, name: b }") }));
    expect(evaluate({ rules: [important, privileged], estate, today: TODAY }).stale).toEqual([]);
  });
});

describe("touchedSystems", () => {
  const estate = estateOf(
    withoutExceptions({
      "requests/datong-approval/clinic.yaml": secondRequest,
      "exceptions/health-all.yaml": exception("health-all", "TEST-REQ-001", "{ department: health }"),
    }),
  );
  it("maps requests, exceptions and offerings to systems, and estate files to the whole estate", () => {
    expect([...touchedSystems(estate, ["requests/health/portal.yaml"]).systems]).toEqual(["health/portal"]);
    expect([...touchedSystems(estate, ["exceptions/health-all.yaml"]).systems]).toEqual(["health/portal"]);
    expect([...touchedSystems(estate, ["offerings/vm.yaml"]).systems].sort()).toEqual(["datong-approval/clinic", "health/portal"]);
    expect(touchedSystems(estate, ["estates/t/clouds.yaml"]).whole).toBe(true);
    expect(touchedSystems(estate, ["requests/health/deleted.yaml", "README.md"]).ignored).toEqual(["requests/health/deleted.yaml", "README.md"]);
  });
});

describe("parseObjects", () => {
  it("reads multi-document YAML and Lists with each object's line", () => {
    const r = parseObjects(
      "x.yaml",
      `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Service
    metadata: { name: a }
  - apiVersion: v1
    kind: Service
    metadata: { name: b }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: c }
`,
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.objects.map((o) => [o.object.metadata.name, o.source?.line])).toEqual([
      ["a", 4],
      ["b", 7],
      ["c", 11],
    ]);
  });

  it("reports bad YAML and objects without kind or name as diagnostics", () => {
    const r = parseObjects("bad.yaml", "apiVersion: v1\nkind: Service\nmetadata: {}\n---\nkind: [unclosed\n---\n- just a list\n");
    expect(r.objects).toEqual([]);
    expect(r.diagnostics.map((d) => [d.line, d.code])).toEqual([
      [1, "object-invalid"],
      [6, expect.stringMatching(/^yaml-/)],
      [7, "object-invalid"],
    ]);
  });
});
