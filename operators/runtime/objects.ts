/**
 * Helpers for what controllers write: status conditions (metav1.Condition semantics), status through
 * the `/status` subresource with `observedGeneration`, finalizers and ownerReferences.
 */
import { isConflict, isNotFound, resourceOf, type Client, type KObject, type OwnerReference } from "./client.js";

export interface Condition {
  type: string;
  status: "True" | "False" | "Unknown";
  reason: string;
  message: string;
  observedGeneration?: number;
  lastTransitionTime: string;
}

/** RFC 3339 seconds precision, as metav1.Time. */
export const metaTime = (ms: number): string => `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;

/**
 * Sets one condition: `lastTransitionTime` changes only when the condition's status does (a new reason
 * or message alone keeps it), as apimachinery's meta.SetStatusCondition. Returns a new list.
 */
export function setCondition(
  conditions: readonly Condition[] | undefined,
  next: Omit<Condition, "lastTransitionTime"> & { lastTransitionTime?: string },
  nowMs: number,
): Condition[] {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((c) => c.type === next.type);
  const prev = i >= 0 ? list[i] : undefined;
  const lastTransitionTime =
    prev && prev.status === next.status ? prev.lastTransitionTime : (next.lastTransitionTime ?? metaTime(nowMs));
  const c: Condition = { ...next, lastTransitionTime };
  if (i >= 0) list[i] = c;
  else list.push(c);
  return list;
}

export const findCondition = (conditions: readonly Condition[] | undefined, type: string): Condition | undefined =>
  conditions?.find((c) => c.type === type);

/**
 * Writes `status` through the `/status` subresource by server-side apply with the controller's field
 * manager, stamping `observedGeneration` with the generation the status was computed from. With
 * `discard`, the answer is not read (ApplyOptions.discard): for callers that do not use it. With
 * `precondition`, the apply carries the object's `resourceVersion`: the server answers 409 Conflict when the
 * object changed since it was read (optimistic concurrency, as an Update), so a status computed from a cache
 * behind the server (e.g. behind the controller's own last write) is never written.
 */
export function applyStatus(
  client: Pick<Client, "apply">,
  object: Pick<KObject, "apiVersion" | "kind" | "metadata">,
  status: Record<string, unknown>,
  fieldManager: string,
  options: { readonly discard?: boolean; readonly precondition?: boolean } = {},
): Promise<KObject> {
  const { name, namespace, generation, resourceVersion } = object.metadata;
  if (options.precondition && !resourceVersion)
    throw new Error(`${object.kind} ${name}: a status write with a precondition needs the object's resourceVersion`);
  return client.apply(
    {
      apiVersion: object.apiVersion,
      kind: object.kind,
      metadata: {
        name,
        ...(namespace ? { namespace } : {}),
        ...(options.precondition ? { resourceVersion } : {}),
      },
      status: { ...status, ...(generation !== undefined ? { observedGeneration: generation } : {}) },
    },
    fieldManager,
    { subresource: "status", ...(options.discard ? { discard: true } : {}) },
  );
}

export const hasFinalizer = (o: Pick<KObject, "metadata">, finalizer: string): boolean =>
  (o.metadata.finalizers ?? []).includes(finalizer);

export const isDeleting = (o: Pick<KObject, "metadata">): boolean => Boolean(o.metadata.deletionTimestamp);

/**
 * Adds or removes a finalizer with a merge patch carrying the read resourceVersion: a concurrent
 * change answers 409 and the reconcile retries on fresh data. Returns the object as written, or
 * undefined when it is gone.
 */
async function patchFinalizers(
  client: Pick<Client, "mergePatch">,
  o: KObject,
  finalizers: string[],
): Promise<KObject | undefined> {
  try {
    return await client.mergePatch(resourceOf(o), o.metadata.name, o.metadata.namespace, {
      metadata: { finalizers, resourceVersion: o.metadata.resourceVersion },
    });
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

export async function addFinalizer(
  client: Pick<Client, "mergePatch">,
  o: KObject,
  finalizer: string,
): Promise<KObject | undefined> {
  if (hasFinalizer(o, finalizer)) return o;
  return patchFinalizers(client, o, [...(o.metadata.finalizers ?? []), finalizer]);
}

export async function removeFinalizer(
  client: Pick<Client, "mergePatch">,
  o: KObject,
  finalizer: string,
): Promise<KObject | undefined> {
  if (!hasFinalizer(o, finalizer)) return o;
  return patchFinalizers(
    client,
    o,
    (o.metadata.finalizers ?? []).filter((f) => f !== finalizer),
  );
}

/** The ownerReference of a controller's object (garbage-collected with its owner). */
export function controllerReference(owner: Pick<KObject, "apiVersion" | "kind" | "metadata">): OwnerReference {
  if (!owner.metadata.uid)
    throw new Error(
      `${owner.kind} ${owner.metadata.name} has no uid: read it from the API server before owning objects with it`,
    );
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** The controlling owner of an object, if any. */
export const controllerOf = (o: Pick<KObject, "metadata">): OwnerReference | undefined =>
  o.metadata.ownerReferences?.find((r) => r.controller);

export { isConflict, isNotFound };
