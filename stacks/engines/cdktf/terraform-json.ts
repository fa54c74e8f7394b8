/**
 * The cdktf engine's output written directly from the Plan, without cdktf: per cloud node the
 * `stacks/<node>/cdk.tf.json` that cdktf synthesizes for the node's stack (provider, backend, typed
 * resources, outputs) and the `manifest.json` beside them, byte for byte (tests/stacks/cdktf-golden.test.ts
 * compares with cdktf's own synthesis of the same constructs, see ./index.ts). The typed resources'
 * mapping to the provider's schema is the table scripts/gen-tf-schema.mjs extracts from the provider's
 * generated classes; the text is json-stable-stringify's (./stable-json.ts).
 *
 * A stack is produced as a sequence of pieces (a resource at a time), so that a writer never holds a
 * whole stack's text.
 */
import type { KubeObject, NodePlan, Plan } from "../../plan/index.js";
import { MANIFEST_RESOURCE, terraformResource } from "./map.js";
import { BLOCK_FIELDS, CDKTF_VERSION, PROVIDER_VERSION, RESOURCE_FIELDS, type Field } from "./provider-schema.js";
import { fastStableMembers, indent, stableJson } from "./stable-json.js";

/** About how many characters of text a piece of a stack holds. */
const PIECE_CHARS = 1 << 16;

/** Where the kubeconfig is when the estate does not say. */
export const DEFAULT_KUBECONFIG = "~/.kube/config";

type Json = Record<string, unknown>;

/** cdktf's hashMapper over plain values: a copy with the same keys (a string or nullish value as it is). */
function mapOf(x: unknown): unknown {
  if (x === null || x === undefined || typeof x === "string" || typeof x !== "object") return x;
  return { ...(x as Json) };
}

/**
 * One block through the provider's mapper. `viaReference`: the block is reached through the class's
 * OutputReference (the resource's own blocks and the single blocks inside them), which drops a block
 * that has none of the schema's fields unless it was given as `{}`; blocks inside lists are mapped
 * as given.
 */
function mapBlock(name: string, value: unknown, viaReference: boolean): unknown {
  if (value === null || value === undefined) return value;
  const source = value as Json;
  const out: Json = {};
  let any = viaReference && typeof value === "object" && Object.keys(source).length === 0;
  for (const field of BLOCK_FIELDS[name]!) {
    const v = mapField(field, source[field[1]], viaReference);
    if (v !== undefined) {
      out[field[0]] = v;
      any = true;
    }
  }
  return viaReference && !any ? undefined : out;
}

function mapField(field: Field, x: unknown, viaReference: boolean): unknown {
  switch (field[2]) {
    case "value":
      return x;
    case "map":
      return mapOf(x);
    case "list":
      return x;
    case "block":
      return mapBlock(field[3]!, x, viaReference);
    case "blocks":
      return Array.isArray(x) ? x.map((e) => mapBlock(field[3]!, e, false)) : x;
  }
}

/** The attributes of a resource created with `config` (camelCase), as its class writes them. */
export function resourceAttributes(type: string, config: Readonly<Json>): Json {
  const out: Json = {};
  for (const field of RESOURCE_FIELDS[type]!) {
    const v = mapField(field, config[field[1]], true);
    if (v !== undefined) out[field[0]] = v;
  }
  return out;
}

const isNamespace = (o: KubeObject) => o.kind === "Namespace" && o.apiVersion === "v1";

/** The resources of a node's stack in the plan's order: type, id and body (attributes, metadata, provider, dependency). */
export function stackResources(node: NodePlan): { type: string; id: string; object: KubeObject; body: () => Json }[] {
  const namespaces = new Map<string, string>();
  const provider = `kubernetes.${node.node}`;
  return node.objects.map((o) => {
    const r = terraformResource(o);
    // Objects in a namespace of this plan wait for it; depends_on keeps their values literal.
    const ns = o.metadata.namespace !== undefined ? namespaces.get(o.metadata.namespace) : undefined;
    if (isNamespace(o)) namespaces.set(o.metadata.name, `${r.type}.${r.id}`);
    return {
      type: r.type,
      id: r.id,
      object: o,
      body: () => ({
        ...resourceAttributes(r.type, r.config),
        "//": { metadata: { path: `${node.node}/${r.id}`, uniqueId: r.id } },
        provider,
        ...(ns !== undefined ? { depends_on: [ns] } : {}),
      }),
    };
  });
}

/** The reference to a namespace resource's name, as the stack's `namespaces` output lists it. */
const namespaceRef = (type: string, id: string) =>
  `\${${type}.${id}.${type === MANIFEST_RESOURCE ? "manifest.metadata.name" : "metadata[0].name"}}`;

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One node's cdk.tf.json, in pieces (the stack's own blocks, then a resource at a time). */
export function* stackJsonPieces(node: NodePlan): Generator<string> {
  const resources = stackResources(node);
  const backend =
    node.backend.type === "pg"
      ? { pg: { conn_str: node.backend.connStr, schema_name: node.backend.schemaName } }
      : { local: { path: `terraform.${node.node}.tfstate` } };
  const head = {
    "//": {
      metadata: {
        backend: node.backend.type,
        overrides: { stack: ["terraform"] },
        stackName: node.node,
        version: CDKTF_VERSION,
      },
      outputs: { [node.node]: { kube_context: "kube_context", namespaces: "namespaces" } },
    },
    output: {
      kube_context: { description: "kubeconfig context of the node's cluster", value: node.kube.context },
      namespaces: {
        description: `namespaces on cloud node ${node.node}`,
        value: resources.filter((r) => isNamespace(r.object)).map((r) => namespaceRef(r.type, r.id)),
      },
    },
    provider: {
      kubernetes: [
        {
          alias: node.node,
          config_context: node.kube.context,
          config_path: node.kube.configPath ?? DEFAULT_KUBECONFIG,
        },
      ],
    },
  };
  const terraform = {
    backend,
    required_providers: { kubernetes: { source: "hashicorp/kubernetes", version: PROVIDER_VERSION } },
  };
  yield `{${indent(1)}"//": ${stableJson(head["//"], 1)},${indent(1)}"output": ${stableJson(head.output, 1)},${indent(1)}"provider": ${stableJson(head.provider, 1)},`;
  if (resources.length > 0) {
    const byType = new Map<string, typeof resources>();
    for (const r of resources) {
      let list = byType.get(r.type);
      if (!list) byType.set(r.type, (list = []));
      list.push(r);
    }
    yield `${indent(1)}"resource": {`;
    const types = [...byType.keys()].sort(byCodeUnits);
    for (let t = 0; t < types.length; t++) {
      const list = byType.get(types[t]!)!.sort((a, b) => byCodeUnits(a.id, b.id));
      yield `${t ? "," : ""}${indent(2)}${JSON.stringify(types[t])}: {`;
      // Runs of resources, each written by one JSON.stringify, sized from the last run's text so
      // that a piece stays near PIECE_CHARS.
      let size = 16;
      for (let from = 0; from < list.length;) {
        const to = Math.min(list.length, from + size);
        const run: Json = {};
        for (let i = from; i < to; i++) run[list[i]!.id] = list[i]!.body();
        const text = fastStableMembers(run, 2);
        yield `${from ? "," : ""}${indent(3)}${text}`;
        size = Math.max(1, Math.min(1024, Math.round(((to - from) * PIECE_CHARS) / Math.max(1, text.length))));
        from = to;
      }
      yield `${indent(2)}}`;
    }
    yield `${indent(1)}},`;
  }
  yield `${indent(1)}"terraform": ${stableJson(terraform, 1)}${indent(0)}}`;
}

/**
 * cdktf.out/manifest.json: the stacks of the plan. cdktf also names a `metadata.json` per stack that it
 * writes only for HCL output; a manifest naming files that do not exist misleads its reader, so none is named.
 */
export function cdktfManifest(plan: Plan): string {
  const stacks: Json = {};
  for (const n of plan.nodes) {
    stacks[n.node] = {
      annotations: [],
      constructPath: n.node,
      dependencies: [],
      name: n.node,
      synthesizedStackPath: `stacks/${n.node}/cdk.tf.json`,
      workingDirectory: `stacks/${n.node}`,
    };
  }
  return stableJson({ version: CDKTF_VERSION, stacks })!;
}

/**
 * Every file of cdktf.out (relative to it), a node's stack at a time and manifest.json last; each
 * file's text comes as pieces, produced while the file is written.
 */
export function* cdktfFiles(plan: Plan): Generator<[path: string, pieces: Iterable<string>, node?: string]> {
  for (const n of plan.nodes) yield [`stacks/${n.node}/cdk.tf.json`, stackJsonPieces(n), n.node];
  yield ["manifest.json", [cdktfManifest(plan)]];
}
