/** Types of scripts/gen-types.mjs, for the test that keeps catalog/schema/types.ts fresh. */
/** One self-contained schema with every kind and shared definition under $defs. */
export function bundle(): Record<string, unknown>;
/** The TypeScript text of catalog/schema/types.ts as the schemas define it now. */
export function generate(): Promise<string>;
