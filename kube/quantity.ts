/**
 * Kubernetes resource quantities in the forms the planners write (canonical: whole numbers where
 * possible, `m` for fractional CPU, binary suffixes for bytes), and read back from live objects.
 */

/** CPU cores as a quantity: "4", or "2500m" for 2.5 cores. */
export function cpuQuantity(cores: number): string {
  const milli = Math.round(cores * 1000);
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** GiB as a quantity: "32Gi", or "1536Mi" for 1.5 GiB. */
export function gibQuantity(gib: number): string {
  const mib = Math.round(gib * 1024);
  return mib % 1024 === 0 ? `${mib / 1024}Gi` : `${mib}Mi`;
}

const BINARY: Readonly<Record<string, number>> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Readonly<Record<string, number>> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** The value of a quantity in base units (cores, bytes, counts); NaN if it is not a quantity. */
export function parseQuantity(q: string | number): number {
  if (typeof q === "number") return q;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:[eE]([+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?)$/.exec(q);
  if (!m) return Number.NaN;
  const n = Number(m[1]);
  if (m[2] !== undefined) return n * 10 ** Number(m[2]);
  const suffix = m[3] ?? "";
  return n * (BINARY[suffix] ?? DECIMAL[suffix]!);
}

/** A figure rounded to thousandths (milli-units): how summed vCPU and GiB are reported. */
export const roundMilli = (x: number): number => Math.round(x * 1000) / 1000;
