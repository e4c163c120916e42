/**
 * The shape every language's catalog must have: the English catalog's keys, each a string. A catalog that misses
 * a key, or has one English lacks, does not typecheck.
 */
export type CatalogShape<T> = { [K in keyof T]: T[K] extends string ? string : CatalogShape<T[K]> };
