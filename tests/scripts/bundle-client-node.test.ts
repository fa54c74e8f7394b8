/**
 * `npm run build` replaces dist/operators/runtime/client-node.js with a tree-shaken bundle of the
 * KubeConfig and Watch of @kubernetes/client-node (scripts/bundle-client-node.mjs), so that the operators
 * do not evaluate the package's whole generated API. The built module must be that bundle, and it must
 * do what the package does: load a kubeconfig (cluster, user, context) and watch.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../support/cli.js";

const BUILT = join(ROOT, "dist/operators/runtime/client-node.js");
const dir = mkdtempSync(join(tmpdir(), "govcloud-bundle-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the client-node bundle built at build time", () => {
  it("is a bundle: it imports nothing of the package and holds none of its API classes", () => {
    const text = readFileSync(BUILT, "utf8");
    expect(text).not.toMatch(/from\s+["']@kubernetes\/client-node/);
    expect(text).toMatch(/\bKubeConfig = class\b/);
    expect(text).toMatch(/\bWatch = class\b/);
    // The generated API classes the package's index evaluates (CoreV1Api, AppsV1Api, ...) are shaken out.
    expect(text).not.toContain("CoreV1Api");
    expect(text).not.toContain("AppsV1Api");
  });

  it("loads a kubeconfig as the package does", async () => {
    const path = join(dir, "kubeconfig.yaml");
    writeFileSync(
      path,
      [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: test",
        "  cluster: { server: 'https://127.0.0.1:6443', insecure-skip-tls-verify: true }",
        "users:",
        "- name: operator",
        "  user: { token: secret-token }",
        "contexts:",
        "- name: test",
        "  context: { cluster: test, user: operator, namespace: govcloud-system }",
        "current-context: test",
      ].join("\n"),
    );
    const bundle = (await import(pathToFileURL(BUILT).href)) as typeof import("@kubernetes/client-node");
    const pkg = await import("@kubernetes/client-node");
    const [built, original] = [new bundle.KubeConfig(), new pkg.KubeConfig()];
    built.loadFromFile(path);
    original.loadFromFile(path);
    expect(built.getCurrentCluster()).toEqual(original.getCurrentCluster());
    expect(built.getCurrentUser()).toEqual(original.getCurrentUser());
    expect(built.getContextObject("test")).toEqual(original.getContextObject("test"));
    const [a, b] = [{ headers: {} }, { headers: {} }] as {
      headers: Record<string, string>;
      rejectUnauthorized?: boolean;
    }[];
    await built.applyToHTTPSOptions(a!);
    await original.applyToHTTPSOptions(b!);
    expect(a!.headers).toEqual(b!.headers);
    expect(a!.rejectUnauthorized).toBe(b!.rejectUnauthorized);
    expect(a!.headers.Authorization).toBe("Bearer secret-token");
    expect(typeof new bundle.Watch(built).watch).toBe("function");
  });
});
