import fc from "fast-check";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { toYaml } from "../../stacks/index.js";

const roundTrip = (v: unknown) => {
  const text = toYaml(v);
  expect(parse(text), text).toEqual(v);
  expect(parse(text, { version: "1.1" }), text).toEqual(v);
};

describe("toYaml", () => {
  it("reads back as the same value, in YAML 1.2 and 1.1, for any JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => roundTrip(JSON.parse(JSON.stringify(v)))),
      { numRuns: 500 },
    );
  });

  it("quotes strings that YAML would read as something else", () => {
    const tricky = [
      "3",
      "0.5",
      "-1",
      "+1",
      "1e3",
      "0x1F",
      "0o17",
      "yes",
      "No",
      "on",
      "OFF",
      "y",
      "true",
      "null",
      "~",
      "",
      " a",
      "a ",
      "a: b",
      "a #b",
      "- x",
      "[x]",
      "{x}",
      "*x",
      "&x",
      "!x",
      "%x",
      "@x",
      "`x",
      "'x",
      '"x',
      "x\ny",
      ".inf",
      ".NaN",
      "2026-11-23",
      "12:30",
      "全民健康",
      "\u0000",
      "\u2028",
    ];
    for (const s of tricky) roundTrip({ [s]: s, list: [s] });
  });

  it("writes Kubernetes manifests plainly where that is safe", () => {
    expect(
      toYaml({
        apiVersion: "v1",
        kind: "Namespace",
        metadata: {
          name: "health-portal",
          labels: { "govcloud.io/mlps-level": "3", "app.kubernetes.io/managed-by": "govcloud" },
        },
        spec: {
          podSelector: {},
          policyTypes: ["Ingress", "Egress"],
          limits: [{ type: "Container", default: { cpu: "500m" } }],
        },
      }),
    ).toBe(
      `apiVersion: v1
kind: Namespace
metadata:
  name: health-portal
  labels:
    govcloud.io/mlps-level: "3"
    app.kubernetes.io/managed-by: govcloud
spec:
  podSelector: {}
  policyTypes:
    - Ingress
    - Egress
  limits:
    - type: Container
      default:
        cpu: "500m"
`,
    );
  });
});
