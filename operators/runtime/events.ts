/**
 * Kubernetes Events about the objects a controller acts on (what `kubectl describe` shows under
 * "Events"). core/v1 Events, client-go's recorder behaviour: the same reason and message on the same
 * object within 10 minutes bumps `count` and `lastTimestamp` of the existing Event instead of creating
 * another. Recording never fails a reconcile: errors are logged.
 */
import { randomBytes } from "node:crypto";
import { realClock, type Clock } from "./clock.js";
import type { Client, KObject } from "./client.js";
import type { Logger } from "./log.js";
import { metaTime } from "./objects.js";
import { resourceFor } from "./resources.js";

const EVENT = resourceFor("Event");

/** Random bytes drawn 4 KiB at a time: one Event name suffix (16 hex digits) each, without a syscall per Event. */
let suffixPool = Buffer.alloc(0);
let suffixAt = 0;
function nameSuffix(): string {
  if (suffixAt + 8 > suffixPool.length) {
    suffixPool = randomBytes(4096);
    suffixAt = 0;
  }
  suffixAt += 8;
  return suffixPool.toString("hex", suffixAt - 8, suffixAt);
}
const CORRELATION_MS = 10 * 60_000;

export type EventType = "Normal" | "Warning";

export interface EventRecorder {
  event(
    object: Pick<KObject, "apiVersion" | "kind" | "metadata">,
    type: EventType,
    reason: string,
    message: string,
  ): Promise<void>;
}

export interface RecorderOptions {
  readonly client: Pick<Client, "create" | "mergePatch">;
  /** `source.component` and `reportingComponent`: the operator's name. */
  readonly component: string;
  /** `reportingInstance`: this replica. */
  readonly instance: string;
  readonly clock?: Clock;
  readonly log?: Logger;
}

export class Recorder implements EventRecorder {
  private readonly recent = new Map<string, { name: string; namespace: string; count: number; at: number }>();
  /** Size of `recent` above which expired entries are pruned (doubles with what is still live: amortised O(1)). */
  private pruneAt = 4096;
  private readonly clock: Clock;

  constructor(private readonly options: RecorderOptions) {
    this.clock = options.clock ?? realClock;
  }

  async event(
    object: Pick<KObject, "apiVersion" | "kind" | "metadata">,
    type: EventType,
    reason: string,
    message: string,
  ): Promise<void> {
    const { client, component, instance } = this.options;
    const m = object.metadata;
    const namespace = m.namespace ?? "default";
    const now = this.clock.now();
    const key = [object.kind, m.namespace ?? "", m.name, type, reason, message].join("\u0000");
    const seen = this.recent.get(key);
    try {
      if (seen && now - seen.at < CORRELATION_MS) {
        seen.count++;
        seen.at = now;
        await client.mergePatch(EVENT, seen.name, seen.namespace, { count: seen.count, lastTimestamp: metaTime(now) });
        return;
      }
      const name = `${m.name}.${nameSuffix()}`.slice(-253).replace(/^[.-]+/, "");
      await client.create({
        apiVersion: "v1",
        kind: "Event",
        metadata: { name, namespace },
        involvedObject: {
          apiVersion: object.apiVersion,
          kind: object.kind,
          name: m.name,
          ...(m.namespace ? { namespace: m.namespace } : {}),
          ...(m.uid ? { uid: m.uid } : {}),
          ...(m.resourceVersion ? { resourceVersion: m.resourceVersion } : {}),
        },
        reason,
        message: message.slice(0, 1024),
        type,
        source: { component },
        reportingComponent: component,
        reportingInstance: instance,
        firstTimestamp: metaTime(now),
        lastTimestamp: metaTime(now),
        count: 1,
      });
      this.recent.set(key, { name, namespace, count: 1, at: now });
      if (this.recent.size > this.pruneAt) {
        for (const [k, v] of this.recent) if (now - v.at >= CORRELATION_MS) this.recent.delete(k);
        this.pruneAt = Math.max(4096, 2 * this.recent.size);
      }
    } catch (e) {
      this.recent.delete(key);
      this.options.log?.warn("could not record an event", {
        reason,
        object: `${object.kind} ${m.namespace ? `${m.namespace}/` : ""}${m.name}`,
        error: String(e),
      });
    }
  }
}
