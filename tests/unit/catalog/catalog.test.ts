import { catalog, catalogEntry } from '../../../shared/catalog';
import { COST_PER_HOUR, MODELS } from '../../../shared/catalog/entry';
import { CatalogEntry } from '../../../shared/schemas/catalog';

/** Every agent type seed 002 §10.2 names, section by section. */
const SECTION_10_2 = {
  hr: ['hr.recruitment', 'hr.onboarding', 'hr.performance', 'hr.learning', 'hr.compliance'],
  crm: [
    'crm.lead_scoring',
    'crm.customer_support',
    'crm.sentiment_analysis',
    'crm.churn_prediction',
    'crm.upsell',
  ],
  supplyChain: [
    'supply_chain.demand_forecasting',
    'supply_chain.procurement',
    'supply_chain.inventory',
    'logistics.route_optimization',
    'logistics.shipment_tracking',
    'distribution.warehouse_optimization',
  ],
  finance: [
    'finance.reconciliation',
    'finance.ap_automation',
    'finance.ar_collections',
    'finance.expense_audit',
    'finance.budget_monitoring',
    'finance.fraud_detection',
  ],
  salesMarketing: [
    'sales.lead_nurturing',
    'sales.quote_generation',
    'sales.forecast',
    'marketing.content_generation',
    'marketing.campaign_optimization',
    'marketing.social_listening',
  ],
  itOps: [
    'selfops.infraops',
    'selfops.dataops',
    'selfops.agentops',
    'selfops.secops',
    'it.incident_management',
    'it.change_management',
  ],
  finserv: [
    'finserv.kyc',
    'finserv.aml',
    'finserv.credit_risk',
    'finserv.fraud_detection',
    'finserv.regulatory_reporting',
    'finserv.portfolio_rebalancing',
  ],
  retail: [
    'retail.inventory',
    'retail.price_optimization',
    'retail.demand_forecasting',
    'retail.assortment_planning',
    'retail.customer_personalization',
    'retail.loss_prevention',
  ],
  manufacturing: [
    'manufacturing.quality_control',
    'manufacturing.predictive_maintenance',
    'manufacturing.production_scheduling',
    'manufacturing.supply_planning',
    'manufacturing.energy_optimization',
    'manufacturing.safety_monitoring',
  ],
  healthcare: [
    'healthcare.patient_triage',
    'healthcare.appointment_scheduling',
    'healthcare.claims_processing',
    'healthcare.clinical_documentation',
    'lifesciences.drug_discovery',
    'lifesciences.clinical_trial_matching',
  ],
};

/** Named only in §10.3 (schedules, triggers, tiers) and §13. `api.gateway_agents` is a placeholder, not a type. */
const BEYOND_10_2 = [
  'finance.month_end_close',
  'hr.performance_review',
  'hr.annual_review',
  'supply_chain.urgent_reorder',
  'manufacturing.capacity_planning',
  'cybersecurity.defender',
  'meta.integration_builder',
];

const DEPARTMENTS = [
  'hr',
  'crm',
  'supply_chain',
  'logistics',
  'distribution',
  'finance',
  'sales',
  'marketing',
  'selfops',
  'it',
  'cybersecurity',
  'meta',
];
const INDUSTRIES = ['finserv', 'retail', 'manufacturing', 'healthcare', 'lifesciences'];

const types = catalog.map((e) => e.agentType);

describe('catalogue contents', () => {
  it('validates every entry against the CatalogEntry contract', () => {
    for (const entry of catalog) expect(() => CatalogEntry.parse(entry)).not.toThrow();
  });

  it('lists each agent type once', () => {
    expect(new Set(types).size).toBe(catalog.length);
  });

  it.each(Object.entries(SECTION_10_2))('offers every §10.2 %s agent', (_section, expected) => {
    expect(types).toEqual(expect.arrayContaining(expected));
  });

  it('offers the agent types named only in §10.3 and §13, and no placeholder', () => {
    expect(types).toEqual(expect.arrayContaining(BEYOND_10_2));
    expect(types).not.toContain('api.gateway_agents');
  });

  it('is exactly the seed: nothing more, nothing less', () => {
    const expected = [...Object.values(SECTION_10_2).flat(), ...BEYOND_10_2].sort();
    expect([...types].sort()).toEqual(expected);
    expect(catalog).toHaveLength(65);
  });

  it('covers every department and industry of the seed', () => {
    expect(new Set(catalog.map((e) => e.department))).toEqual(new Set([...DEPARTMENTS, null]));
    expect(new Set(catalog.map((e) => e.industry))).toEqual(new Set([...INDUSTRIES, null]));
  });

  it('files each entry under the department or industry of its agent type prefix', () => {
    for (const entry of catalog) {
      const prefix = entry.agentType.split('.')[0];
      if (entry.category === 'departmental') {
        expect({ type: entry.agentType, department: entry.department, industry: entry.industry }).toEqual({
          type: entry.agentType,
          department: prefix,
          industry: null,
        });
      } else {
        expect({ type: entry.agentType, department: entry.department, industry: entry.industry }).toEqual({
          type: entry.agentType,
          department: null,
          industry: prefix,
        });
      }
    }
  });

  it('describes each agent in one sentence of its own', () => {
    const descriptions = catalog.map((e) => e.description);
    expect(new Set(descriptions).size).toBe(catalog.length);
    for (const d of descriptions) expect(d).toMatch(/^[A-Z][^]*[^.]\.$/);
    for (const d of descriptions) expect(d.slice(0, -1)).not.toMatch(/\.\s/);
  });

  it('gives every entry version 1.0.0, tools, tags, and a concurrency within 1-8', () => {
    for (const e of catalog) {
      expect(e.version).toBe('1.0.0');
      expect(e.requiredTools.length).toBeGreaterThan(0);
      expect(e.tags.length).toBeGreaterThan(0);
      expect(new Set(e.requiredTools).size).toBe(e.requiredTools.length);
      expect(e.maxConcurrency).toBeGreaterThanOrEqual(1);
      expect(e.maxConcurrency).toBeLessThanOrEqual(8);
    }
  });

  it('shares capabilities between competing agents', () => {
    const offering = (capability: string) =>
      catalog.filter((e) => e.capabilities.includes(capability)).map((e) => e.agentType);
    expect(offering('demand_forecasting')).toEqual(
      expect.arrayContaining(['supply_chain.demand_forecasting', 'retail.demand_forecasting']),
    );
    expect(offering('fraud_detection')).toEqual(['finance.fraud_detection', 'finserv.fraud_detection']);
    expect(offering('inventory_optimization')).toEqual(['retail.inventory', 'supply_chain.inventory']);
    expect(offering('reconciliation')).toEqual(['finance.month_end_close', 'finance.reconciliation']);
  });
});

describe('cost and model routing', () => {
  const computeIntensive = ['lifesciences.drug_discovery', 'manufacturing.quality_control'];

  it('charges the seed $0.21/h, more for the §10.3.D compute-intensive pool', () => {
    for (const e of catalog) {
      const expected = computeIntensive.includes(e.agentType) ? COST_PER_HOUR.compute_intensive : 0.21;
      expect({ type: e.agentType, cost: e.estimatedCostPerHour }).toEqual({
        type: e.agentType,
        cost: expected,
      });
    }
    expect(COST_PER_HOUR.compute_intensive).toBeGreaterThan(0.21);
  });

  it('routes finance and healthcare to the strongest reasoning model first, with a cheaper fallback', () => {
    const regulated = catalog.filter((e) =>
      ['finance', 'healthcare', 'lifesciences'].includes(e.agentType.split('.')[0]!),
    );
    expect(regulated.length).toBe(13);
    for (const e of regulated) expect(e.modelPreference).toEqual(['gpt-4-turbo', 'gpt-4o']);
  });

  it('routes chat and support to fast, cheap models first', () => {
    expect(catalogEntry('crm.customer_support')?.modelPreference[0]).toBe('gpt-35-turbo');
    expect(catalogEntry('sales.lead_nurturing')?.modelPreference).toEqual([...MODELS.fast]);
  });

  it('routes the integration builder to gpt-4o for code generation (§13.4)', () => {
    expect(catalogEntry('meta.integration_builder')?.modelPreference[0]).toBe('gpt-4o');
  });

  it('always offers a fallback model and uses only known deployments', () => {
    const known = new Set(Object.values(MODELS).flat());
    for (const e of catalog) {
      expect(e.modelPreference.length).toBeGreaterThanOrEqual(2);
      for (const m of e.modelPreference) expect(known).toContain(m);
    }
  });
});

describe('catalogEntry', () => {
  it('looks an agent type up', () => {
    expect(catalogEntry('retail.inventory')?.name).toBe('Retail Inventory');
    expect(catalogEntry('finance.month_end_close')?.department).toBe('finance');
  });

  it('returns undefined for a type the repository does not offer', () => {
    expect(catalogEntry('api.gateway_agents')).toBeUndefined();
    expect(catalogEntry('FINANCE.RECONCILIATION')).toBeUndefined();
  });

  it('is sorted by agent type and cannot be changed by a caller', () => {
    expect(types).toEqual([...types].sort());
    const entry = catalogEntry('hr.recruitment')!;
    expect(() => (entry.capabilities as string[]).push('anything')).toThrow(TypeError);
    expect(() => (catalog as CatalogEntry[]).pop()).toThrow(TypeError);
    expect(entry.capabilities).not.toContain('anything');
  });
});
