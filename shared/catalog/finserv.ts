import { MODELS, industry } from './entry';

const finserv = industry('finserv', {
  models: MODELS.reasoning,
  tools: ['core_banking'],
  tags: ['financial-services', 'regulated'],
});

/** Seed 002 §10.2.B Financial Services. */
export const finservAgents = [
  finserv('kyc', {
    name: 'Know Your Customer',
    description:
      'Automates KYC: verifies customer identity documents and screens customers against sanctions lists.',
    capabilities: ['identity_verification', 'document_verification', 'sanctions_screening'],
    tools: ['identity_verification_service', 'sanctions_lists'],
    tags: ['kyc', 'onboarding', 'identity'],
  }),
  finserv('aml', {
    name: 'Anti-Money Laundering',
    description:
      'Monitors transactions for money-laundering patterns and drafts suspicious activity reports.',
    capabilities: ['aml_monitoring', 'transaction_monitoring', 'suspicious_activity_reporting'],
    tools: ['transaction_stream', 'sanctions_lists'],
    tags: ['aml', 'laundering', 'sar'],
    maxConcurrency: 6,
  }),
  finserv('credit_risk', {
    name: 'Credit Risk',
    description: 'Assesses the credit risk of applicants and counterparties and explains each score.',
    capabilities: ['credit_risk_assessment', 'risk_scoring', 'financial_statement_analysis'],
    tools: ['credit_bureau'],
    tags: ['credit', 'lending', 'risk'],
  }),
  finserv('fraud_detection', {
    name: 'Payment Fraud Detection',
    description: 'Detects fraudulent card and payment transactions as they are authorised.',
    capabilities: ['fraud_detection', 'anomaly_detection', 'transaction_monitoring'],
    tools: ['transaction_stream', 'card_authorizations'],
    tags: ['fraud', 'payments', 'cards'],
    maxConcurrency: 8,
  }),
  finserv('regulatory_reporting', {
    name: 'Regulatory Reporting',
    description:
      'Generates compliance reports for regulators from ledger and risk data and checks them before filing.',
    capabilities: ['regulatory_reporting', 'compliance_checking', 'report_generation'],
    tools: ['erp_ledger', 'regulation_search'],
    tags: ['compliance', 'regulators', 'filings'],
  }),
  finserv('portfolio_rebalancing', {
    name: 'Portfolio Rebalancing',
    description:
      'Optimises investment portfolios and proposes rebalancing trades back to their target allocation.',
    capabilities: ['portfolio_optimization', 'rebalancing', 'risk_scoring'],
    tools: ['market_data', 'portfolio_holdings'],
    tags: ['investments', 'wealth', 'allocation'],
  }),
];
