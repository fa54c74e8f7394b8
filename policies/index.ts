/** The policies module: the rule registry, the engine, exceptions and the report formats. */
export * from "./types.js";
export { SOURCES, sourceOf, cite, mlps, citation, citationLong, clauseProblems, type Source, type SourceKind } from "./sources.js";
export { rules, packs } from "./rules/index.js";
export * from "./engine/index.js";
export { parseObjects, type ParsedObjects } from "./objects/index.js";
export * from "./report/index.js";
