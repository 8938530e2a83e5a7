import type { CatalogEntry, RepositoryQuery } from '../schemas/catalog';
import { catalog } from './index';

const same = (value: string | null, wanted: string | undefined): boolean =>
  wanted === undefined || (value !== null && value.toLowerCase() === wanted.toLowerCase());

/**
 * Seed 002 §10.4.B discovery: entries matching every filter given (department, industry, capability), compared
 * case-insensitively. No filter returns every entry.
 */
export function findAgents(
  query: RepositoryQuery,
  entries: readonly CatalogEntry[] = catalog,
): CatalogEntry[] {
  const capability = query.capability?.toLowerCase();
  return entries.filter(
    (entry) =>
      same(entry.department, query.department) &&
      same(entry.industry, query.industry) &&
      (capability === undefined || entry.capabilities.some((c) => c.toLowerCase() === capability)),
  );
}

const distinct = (values: (string | null)[]): string[] =>
  [...new Set(values.filter((v): v is string => v !== null))].sort();

/** The departments the catalogue covers, sorted. */
export function departments(entries: readonly CatalogEntry[] = catalog): string[] {
  return distinct(entries.map((e) => e.department));
}

/** The industry verticals the catalogue covers, sorted. */
export function industries(entries: readonly CatalogEntry[] = catalog): string[] {
  return distinct(entries.map((e) => e.industry));
}
