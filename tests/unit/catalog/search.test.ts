import { catalog, catalogEntry } from '../../../shared/catalog';
import { searchCatalog, stem, tokenize } from '../../../shared/catalog/search';
import type { CatalogEntry } from '../../../shared/schemas/catalog';

const top = (q: string, n: number, entries?: readonly CatalogEntry[]) =>
  searchCatalog(q, entries)
    .slice(0, n)
    .map((h) => h.entry.agentType);

/** A copy of a real entry with the searchable fields replaced. */
const variant = (agentType: string, fields: Partial<CatalogEntry>): CatalogEntry => ({
  ...catalogEntry('hr.learning')!,
  agentType,
  name: 'Agent',
  description: 'Does work.',
  capabilities: ['work'],
  tags: ['work'],
  ...fields,
});

describe('tokenize', () => {
  it('lower-cases and splits on dots, underscores and other non-alphanumerics', () => {
    expect(tokenize('FINSERV.KYC kyc_aml/AML-2024')).toEqual(['finserv', 'kyc', 'kyc', 'aml', 'aml', '2024']);
  });

  it('drops stop words', () => {
    expect(tokenize('the fraud of a bank and its clients')).toEqual(tokenize('fraud bank clients'));
    expect(tokenize('of the and')).toEqual([]);
  });

  it('keeps `it`, which is a department', () => {
    expect(tokenize('it incidents')).toEqual(['it', 'incident']);
  });

  it.each([
    ['optimization', 'optimize', 'optimizing'],
    ['forecasting', 'forecasts', 'forecast'],
    ['reconciliation', 'reconcile', 'reconciles'],
    ['detection', 'detect', 'detected'],
    ['shipments', 'shipment', 'shipment'],
    ['policies', 'policy', 'policy'],
  ])('stems %s, %s and %s alike', (a, b, c) => {
    expect(stem(b)).toBe(stem(a));
    expect(stem(c)).toBe(stem(a));
  });

  it('leaves short words, numbers and words ending in ss/us/is alone', () => {
    expect(['kyc', 'aml', '2024', 'business', 'status', 'analysis'].map(stem)).toEqual([
      'kyc',
      'aml',
      '2024',
      'business',
      'status',
      'analysis',
    ]);
  });
});

describe('searchCatalog ranking', () => {
  it('ranks the inventory agents first for "inventory optimization"', () => {
    expect(top('inventory optimization', 2).sort()).toEqual(['retail.inventory', 'supply_chain.inventory']);
  });

  it('returns both fraud detection agents first for "fraud"', () => {
    expect(top('fraud', 2)).toEqual(['finance.fraud_detection', 'finserv.fraud_detection']);
  });

  it('ranks both demand forecasting agents first, whatever the word order or form', () => {
    const expected = ['retail.demand_forecasting', 'supply_chain.demand_forecasting'];
    expect(top('demand forecasting', 2).sort()).toEqual(expected);
    expect(top('forecast demands', 2).sort()).toEqual(expected);
  });

  it.each([
    ['reconcile bank statements', 'finance.reconciliation'],
    ['security alert', 'cybersecurity.defender'],
    ['tracking shipments', 'logistics.shipment_tracking'],
    ['finserv.kyc', 'finserv.kyc'],
    ['molecule screening', 'lifesciences.drug_discovery'],
    ['defects on the production line', 'manufacturing.quality_control'],
    ['support tickets chat', 'crm.customer_support'],
    ['generate tool code from API documentation', 'meta.integration_builder'],
  ])('ranks the obvious agent first for "%s"', (q, expected) => {
    expect(top(q, 1)).toEqual([expected]);
  });

  it('returns hits best first with positive scores', () => {
    const hits = searchCatalog('risk scoring');
    expect(hits.length).toBeGreaterThan(3);
    for (const hit of hits) expect(hit.score).toBeGreaterThan(0);
    for (let i = 1; i < hits.length; i++) expect(hits[i]!.score).toBeLessThanOrEqual(hits[i - 1]!.score);
  });

  it('leaves out entries that match no query word', () => {
    expect(searchCatalog('zzzz qqqq')).toEqual([]);
    expect(searchCatalog('the of and')).toEqual([]);
    expect(searchCatalog('')).toEqual([]);
    for (const { entry } of searchCatalog('fraud'))
      expect(JSON.stringify(entry).toLowerCase()).toContain('fraud');
  });

  it('returns at most `limit` hits, 20 by default', () => {
    expect(searchCatalog('agent management monitoring data customer', catalog).length).toBeLessThanOrEqual(
      20,
    );
    expect(searchCatalog('monitoring', catalog, 3)).toHaveLength(3);
    expect(searchCatalog('monitoring', catalog, 0)).toEqual([]);
    expect(searchCatalog('anomaly detection', catalog, 100).length).toBeGreaterThan(5);
  });

  it('gives the same result from the prebuilt index as from a fresh one', () => {
    expect(searchCatalog('inventory optimization', [...catalog])).toEqual(
      searchCatalog('inventory optimization'),
    );
  });
});

describe('searchCatalog scoring', () => {
  it('weighs the agent type above tags and tags above the description', () => {
    const entries = [
      variant('x.in_description', { description: 'Handles refunds.' }),
      variant('x.in_tags', { tags: ['refunds'] }),
      variant('x.refunds', {}),
    ];
    expect(top('refund', 3, entries)).toEqual(['x.refunds', 'x.in_tags', 'x.in_description']);
  });

  it('prefers a rare word to a common one (inverse document frequency)', () => {
    const entries = [
      variant('x.common_a', { tags: ['billing'] }),
      variant('x.common_b', { tags: ['billing'] }),
      variant('x.common_c', { tags: ['billing'] }),
      variant('x.rare', { tags: ['dunning'] }),
    ];
    expect(top('billing dunning', 1, entries)).toEqual(['x.rare']);
  });

  it('breaks ties by agent type', () => {
    const entries = [variant('x.zeta', { tags: ['refunds'] }), variant('x.alpha', { tags: ['refunds'] })];
    const hits = searchCatalog('refunds', entries);
    expect(hits.map((h) => h.entry.agentType)).toEqual(['x.alpha', 'x.zeta']);
    expect(hits[0]!.score).toBe(hits[1]!.score);
  });
});
