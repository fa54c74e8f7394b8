/** Calendar dates as the catalog writes them (YYYY-MM-DD, UTC): today, checks and day differences. */

const DAY_MS = 86_400_000;

/** Today's date, YYYY-MM-DD: the GOVCLOUD_TODAY variable, or the system date (UTC). */
export function today(): string {
  return process.env.GOVCLOUD_TODAY ?? new Date().toISOString().slice(0, 10);
}

/**
 * What is wrong with a YYYY-MM-DD date, or undefined when it is a real calendar date: the form, or a
 * month or day that does not exist (2026-13-45, 2026-02-30).
 */
export function dateProblem(text: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return "expected YYYY-MM-DD";
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12) return `there is no month ${m[2]}; expected YYYY-MM-DD`;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > last)
    return `there is no day ${m[3]} in ${m[1]}-${m[2]} (it has ${last} days); expected YYYY-MM-DD`;
  return undefined;
}

/** Whole days from one YYYY-MM-DD date to another (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);
