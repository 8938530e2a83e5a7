import type { CatalogEntry } from '../schemas/catalog';
import { catalog } from './index';

/**
 * Ranked free-text search over the catalogue (seed 002 §10.4.B `GET /v1/agents/repository/search?q=`).
 * BM25 over weighted fields (BM25F-style: a term's frequency in a document is the weighted sum of its
 * frequencies in the fields), with a tokenizer that lower-cases, splits on anything not a letter or digit
 * (so `finance.fraud_detection` is three words), drops stop words and strips common suffixes.
 */

export interface SearchHit {
  entry: CatalogEntry;
  score: number;
}

const FIELD_WEIGHTS = { agentType: 3, name: 3, capabilities: 2, tags: 2, description: 1 } as const;
const K1 = 1.2;
const B = 0.75;

const STOP_WORDS = new Set(
  (
    'a an and are as at be but by can do for from has have how i if in into is its me my of on or our per ' +
    'that the their them then these they this to us via was we what when where which who will with you your'
  ).split(' '),
);

/** Suffixes stripped, in order; the first that leaves at least three letters wins. */
const SUFFIXES = ['iation', 'ation', 'ing', 'ion', 'ive', 'ed', 'e'];

/** Light stemming: plural `s`/`ies`, then one of the suffixes above. */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3 || /^\d+$/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  const suffix = SUFFIXES.find((s) => w.endsWith(s) && w.length - s.length >= 3);
  return suffix ? w.slice(0, -suffix.length) : w;
}

/** Lower-cased, split on non-alphanumerics (including `_` and `.`), stop words dropped, stemmed. */
export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0 && !STOP_WORDS.has(t))
    .map(stem);
}

interface IndexedDoc {
  entry: CatalogEntry;
  /** Weighted term frequencies. */
  tf: Map<string, number>;
  /** Weighted length. */
  length: number;
}

export interface SearchIndex {
  docs: IndexedDoc[];
  /** Number of documents each term occurs in. */
  df: Map<string, number>;
  avgLength: number;
}

function fieldsOf(entry: CatalogEntry): Record<keyof typeof FIELD_WEIGHTS, string> {
  return {
    agentType: entry.agentType,
    name: entry.name,
    capabilities: entry.capabilities.join(' '),
    tags: entry.tags.join(' '),
    description: entry.description,
  };
}

export function buildIndex(entries: readonly CatalogEntry[]): SearchIndex {
  const df = new Map<string, number>();
  const docs = entries.map((entry) => {
    const tf = new Map<string, number>();
    let length = 0;
    for (const [field, text] of Object.entries(fieldsOf(entry))) {
      const weight = FIELD_WEIGHTS[field as keyof typeof FIELD_WEIGHTS];
      for (const term of tokenize(text)) {
        tf.set(term, (tf.get(term) ?? 0) + weight);
        length += weight;
      }
    }
    for (const term of tf.keys()) df.set(term, (df.get(term) ?? 0) + 1);
    return { entry, tf, length };
  });
  const avgLength = docs.reduce((sum, d) => sum + d.length, 0) / Math.max(docs.length, 1);
  return { docs, df, avgLength };
}

/** Built once at module load for the catalogue; other entry lists are indexed on first use. */
const defaultIndex = buildIndex(catalog);
const indexes = new WeakMap<readonly CatalogEntry[], SearchIndex>([[catalog, defaultIndex]]);

function indexFor(entries: readonly CatalogEntry[]): SearchIndex {
  let index = indexes.get(entries);
  if (!index) {
    index = buildIndex(entries);
    indexes.set(entries, index);
  }
  return index;
}

const EPSILON = 1e-9;

/** Entries relevant to `q`, best first (ties by agent type), at most `limit`; entries scoring zero are left out. */
export function searchCatalog(
  q: string,
  entries: readonly CatalogEntry[] = catalog,
  limit = 20,
): SearchHit[] {
  const { docs, df, avgLength } = indexFor(entries);
  const terms = [...new Set(tokenize(q))];
  const n = docs.length;
  const hits: SearchHit[] = [];
  for (const doc of docs) {
    let score = 0;
    for (const term of terms) {
      const f = doc.tf.get(term);
      if (!f) continue;
      const dfTerm = df.get(term) ?? 0;
      const idf = Math.log(1 + (n - dfTerm + 0.5) / (dfTerm + 0.5));
      score += (idf * f * (K1 + 1)) / (f + K1 * (1 - B + (B * doc.length) / avgLength));
    }
    if (score > 0) hits.push({ entry: doc.entry, score });
  }
  hits.sort((a, b) =>
    Math.abs(a.score - b.score) > EPSILON
      ? b.score - a.score
      : a.entry.agentType < b.entry.agentType
        ? -1
        : 1,
  );
  return hits.slice(0, Math.max(0, limit));
}
