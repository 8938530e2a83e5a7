import { catalog } from '../../../shared/catalog';
import { departments, findAgents, industries } from '../../../shared/catalog/discovery';
import { RepositoryQuery } from '../../../shared/schemas/catalog';

const typesOf = (query: RepositoryQuery, entries = catalog) =>
  findAgents(query, entries).map((e) => e.agentType);

describe('findAgents', () => {
  it('finds every agent of a department, and only those', () => {
    expect(typesOf({ department: 'finance' })).toEqual([
      'finance.ap_automation',
      'finance.ar_collections',
      'finance.budget_monitoring',
      'finance.expense_audit',
      'finance.fraud_detection',
      'finance.month_end_close',
      'finance.reconciliation',
    ]);
  });

  it('finds every agent of an industry, and only those', () => {
    expect(typesOf({ industry: 'retail' })).toEqual([
      'retail.assortment_planning',
      'retail.customer_personalization',
      'retail.demand_forecasting',
      'retail.inventory',
      'retail.loss_prevention',
      'retail.price_optimization',
    ]);
    expect(typesOf({ industry: 'lifesciences' })).toEqual([
      'lifesciences.clinical_trial_matching',
      'lifesciences.drug_discovery',
    ]);
  });

  it('finds the agents that can forecast demand, across departments and industries', () => {
    expect(typesOf({ capability: 'demand_forecasting' })).toEqual([
      'manufacturing.capacity_planning',
      'manufacturing.supply_planning',
      'retail.demand_forecasting',
      'supply_chain.demand_forecasting',
    ]);
  });

  it('combines filters with AND', () => {
    expect(typesOf({ industry: 'retail', capability: 'demand_forecasting' })).toEqual([
      'retail.demand_forecasting',
    ]);
    expect(typesOf({ department: 'finance', capability: 'fraud_detection' })).toEqual([
      'finance.fraud_detection',
    ]);
    expect(typesOf({ department: 'finance', industry: 'finserv' })).toEqual([]);
  });

  it('compares case-insensitively', () => {
    expect(typesOf({ department: 'FINANCE' })).toEqual(typesOf({ department: 'finance' }));
    expect(typesOf({ industry: 'Retail' })).toHaveLength(6);
    expect(typesOf({ department: 'Supply_Chain' })).toContain('supply_chain.inventory');
  });

  it('matches whole values, not prefixes', () => {
    expect(typesOf({ department: 'fin' })).toEqual([]);
    expect(typesOf({ capability: 'forecasting' })).toEqual([]);
    expect(typesOf({ department: 'retail' })).toEqual([]);
  });

  it('returns the whole catalogue for no filter, and searches the entries it is given', () => {
    expect(findAgents({})).toHaveLength(catalog.length);
    const hr = findAgents({ department: 'hr' });
    expect(typesOf({ capability: 'review_aggregation' }, hr)).toEqual([
      'hr.annual_review',
      'hr.performance',
      'hr.performance_review',
    ]);
  });
});

describe('departments and industries', () => {
  it('lists the departments, sorted', () => {
    expect(departments()).toEqual([
      'crm',
      'cybersecurity',
      'distribution',
      'finance',
      'hr',
      'it',
      'logistics',
      'marketing',
      'meta',
      'sales',
      'selfops',
      'supply_chain',
    ]);
  });

  it('lists the industries, sorted', () => {
    expect(industries()).toEqual(['finserv', 'healthcare', 'lifesciences', 'manufacturing', 'retail']);
  });

  it('lists only what the given entries cover', () => {
    expect(departments(findAgents({ industry: 'retail' }))).toEqual([]);
    expect(industries(findAgents({ capability: 'fraud_detection' }))).toEqual(['finserv']);
  });
});
