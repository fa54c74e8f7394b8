/**
 * Deadlines as instants, pure: a deadline is a date (YYYY-MM-DD, as the catalog counts days: UTC dates,
 * like `govcloud migration --today`). A system not settled is overdue from 00:00 UTC the day after its
 * deadline (1 day overdue then, 2 the day after, …), in the early-warning window from 00:00 UTC `warnDays`
 * days before it. `nextChange` is the next instant any of these values changes: the operator's requeueAfter
 * timer, so a deadline is crossed when it passes, not at the next poll.
 */
import { migrationSettled } from "../../catalog/index.js";
import type { Phase } from "./phase.js";

export const DAY_MS = 86_400_000;

export interface DeadlineState {
  readonly settled: boolean;
  readonly overdue: boolean;
  /** Days past the deadline while not settled (0 otherwise). */
  readonly daysOverdue: number;
  /** Not settled, not overdue, within the warning window. */
  readonly warning: boolean;
  /** Whole days left until the deadline day (0 on the day itself), when not overdue. */
  readonly daysLeft: number;
  /** The instant the system is (or would be) overdue from. */
  readonly overdueAt: number;
  /** The next instant the state changes (ms since the epoch), or undefined when it never will. */
  readonly nextChange: number | undefined;
}

/** Milliseconds of 00:00 UTC of a YYYY-MM-DD date. */
export const dateMs = (date: string): number => Date.parse(`${date}T00:00:00Z`);
/** The UTC date of an instant. */
export const utcDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export function deadlineState(deadline: string, phase: Phase, nowMs: number, warnDays: number): DeadlineState {
  const day = dateMs(deadline);
  const overdueAt = day + DAY_MS;
  const warnAt = day - warnDays * DAY_MS;
  // migrated, decommissioned, exempt, retired: the catalog's own predicate.
  const settled = migrationSettled(phase);
  const overdue = !settled && nowMs >= overdueAt;
  const daysOverdue = overdue ? Math.floor((nowMs - day) / DAY_MS) : 0;
  const daysLeft = nowMs < overdueAt ? Math.max(0, Math.ceil((day - nowMs) / DAY_MS)) : 0;
  const warning = !settled && !overdue && nowMs >= warnAt;
  const nextChange = settled
    ? undefined
    : nowMs < warnAt
      ? warnAt
      : nowMs < overdueAt
        ? overdueAt
        : day + (daysOverdue + 1) * DAY_MS;
  return { settled, overdue, daysOverdue, warning, daysLeft, overdueAt, nextChange };
}
