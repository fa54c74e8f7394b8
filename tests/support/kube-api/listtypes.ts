/**
 * How a list merges: keyed by a field (associative, like `containers` by `name`), as a set of scalars
 * (`finalizers`) or replaced as a whole (atomic). Built-in kinds use the merge keys of the Kubernetes Go
 * types (`patchMergeKey`/`listMapKey`); custom kinds read `x-kubernetes-list-type`/`-list-map-keys` from
 * their structural schema.
 */
export type ListType = { type: "map"; keys: readonly string[] } | { type: "set" } | { type: "atomic" };

/** Decides the list type of the field `fieldPath` (field names only, from the object root). */
export type ListTyper = (fieldPath: readonly string[], items: readonly unknown[]) => ListType;

const ATOMIC: ListType = { type: "atomic" };
const SET: ListType = { type: "set" };
const byName: ListType = { type: "map", keys: ["name"] };

const BUILTIN_KEYS: Record<string, ListType> = {
  containers: byName,
  initContainers: byName,
  ephemeralContainers: byName,
  volumes: byName,
  env: byName,
  imagePullSecrets: byName,
  resourceClaims: byName,
  volumeMounts: { type: "map", keys: ["mountPath"] },
  volumeDevices: { type: "map", keys: ["devicePath"] },
  conditions: { type: "map", keys: ["type"] },
  ownerReferences: { type: "map", keys: ["uid"] },
  hostAliases: { type: "map", keys: ["ip"] },
  finalizers: SET,
};

export const builtinListTyper: ListTyper = (fieldPath, items) => {
  const field = fieldPath[fieldPath.length - 1] ?? "";
  if (field === "ports") {
    // Container ports merge by containerPort, Service ports by port (the Go types' patchMergeKey).
    const first = items.find((i) => i && typeof i === "object") as Record<string, unknown> | undefined;
    if (first && "containerPort" in first) return { type: "map", keys: ["containerPort"] };
    if (first && "port" in first) return { type: "map", keys: ["port"] };
    return ATOMIC;
  }
  return BUILTIN_KEYS[field] ?? ATOMIC;
};

type Schema = Record<string, unknown>;

/** A list typer reading a structural schema; metadata lists follow the built-in rules. */
export function schemaListTyper(root: Schema | undefined): ListTyper {
  return (fieldPath, items) => {
    if (fieldPath[0] === "metadata") return builtinListTyper(fieldPath, items);
    let s: Schema | undefined = root;
    for (const f of fieldPath) {
      if (!s) break;
      // Descend through arrays' items on the way (a path lists field names only).
      while (s && s.type === "array") s = s.items as Schema | undefined;
      const props = s?.properties as Record<string, Schema> | undefined;
      s = props?.[f] ?? (typeof s?.additionalProperties === "object" ? (s.additionalProperties as Schema) : undefined);
    }
    if (!s) return ATOMIC;
    const lt = s["x-kubernetes-list-type"];
    if (lt === "map")
      return { type: "map", keys: (s["x-kubernetes-list-map-keys"] as string[] | undefined) ?? ["name"] };
    if (lt === "set") return SET;
    return ATOMIC;
  };
}
