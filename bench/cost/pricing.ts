/**
 * Turning counted operations into request units and dollars. Every number here is a stated assumption
 * with its source, so the report can be re-priced by editing one file.
 */

/**
 * Cosmos DB RU by document size, from Microsoft's published table ("Understand request unit consumption",
 * learn.microsoft.com/azure/cosmos-db/understand-request-unit-consumption; session/eventual consistency,
 * default indexing). Linear interpolation between rows; documents under 1 KB cost the 1 KB row.
 */
const SIZE_KB = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048];
const READ_RU = [1.0, 1.04, 1.14, 1.33, 1.67, 2.19, 4.76, 9.95, 20.28, 40.95, 145.9, 291.8];
const WRITE_RU = [4.95, 6.29, 6.67, 7.04, 9.52, 11.23, 22.67, 48.19, 98.29, 184.57, 625.0, 1250.0];

/**
 * A replace re-indexes the old and the new version: the Cosmos capacity planner prices a 1 KB update at
 * 10.67 RU against 5.71 RU for the create, a factor of 1.87, applied to the insert cost of the new size.
 */
export const REPLACE_FACTOR = 10.67 / 5.71;
/** Every query pays a fixed cost for parsing and the index lookup (the figure issue 7 suggests). */
export const QUERY_BASE_RU = 2.8;
/** A point read of a missing document (404) is charged like a 1 KB read. */
export const MISS_RU = 1;
/** Cosmos adds _rid, _self, _etag, _attachments and _ts to every stored document: about 150 bytes. */
export const SYSTEM_PROPERTIES_BYTES = 150;

export const PRICES = {
  /** Cosmos DB serverless: $0.25 per million RU. */
  cosmosServerlessUsdPerMillionRu: 0.25,
  /** Service Bus Standard: $0.80 per million operations beyond the 13 M included each month (ignored here). */
  serviceBusStandardUsdPerMillionOps: 0.8,
  /** Event Hubs Standard: $0.028 per million ingress events; throughput-unit hours are not per task and are left out. */
  eventHubsStandardUsdPerMillionEvents: 0.028,
  /** Functions Flex Consumption, on demand: $0.000026 per GB-second of execution and $0.40 per million executions. */
  functionsFlexUsdPerGbSecond: 0.000026,
  functionsFlexUsdPerMillionExecutions: 0.4,
  /** Instance memory assumed for the Function App (the Flex Consumption default, 2,048 MB). */
  functionsInstanceMemoryGb: 2,
} as const;

function interpolate(table: number[], kb: number): number {
  if (kb <= SIZE_KB[0]!) return table[0]!;
  for (let i = 1; i < SIZE_KB.length; i++) {
    if (kb <= SIZE_KB[i]!) {
      const low = SIZE_KB[i - 1]!;
      const high = SIZE_KB[i]!;
      return table[i - 1]! + ((kb - low) / (high - low)) * (table[i]! - table[i - 1]!);
    }
  }
  // Beyond 2 MB (larger than Cosmos allows for one item, but a query may return more): extrapolate linearly.
  return (table[table.length - 1]! / SIZE_KB[SIZE_KB.length - 1]!) * kb;
}

export const kb = (bytes: number) => (bytes + SYSTEM_PROPERTIES_BYTES) / 1024;

export function pointReadRu(bytes: number): number {
  return interpolate(READ_RU, kb(bytes));
}

export function insertRu(bytes: number): number {
  return interpolate(WRITE_RU, kb(bytes));
}

export function replaceRu(bytes: number): number {
  return insertRu(bytes) * REPLACE_FACTOR;
}

/** A query: the fixed cost plus reading the result's bytes as one read of that size. */
export function queryRu(documentBytes: number[]): number {
  const total = documentBytes.reduce((sum, b) => sum + b + SYSTEM_PROPERTIES_BYTES, 0);
  return QUERY_BASE_RU + (documentBytes.length === 0 ? 0 : interpolate(READ_RU, total / 1024));
}

/** The pessimistic reading of the same query: every returned document charged as its own point read. */
export function queryRuUpperBound(documentBytes: number[]): number {
  return QUERY_BASE_RU + documentBytes.reduce((sum, b) => sum + pointReadRu(b), 0);
}

export const RU_FORMULA =
  "point read = published read RU for the document's size; insert = published write RU for its size; replace = insert × 1.87 (capacity planner: 10.67 vs 5.71 RU for 1 KB); query = 2.8 RU + published read RU for the total size returned (upper bound: 2.8 + a point read per document); missing document = 1 RU; sizes are the JSON written or returned + 150 B of system properties; table from learn.microsoft.com/azure/cosmos-db/understand-request-unit-consumption, interpolated linearly";
