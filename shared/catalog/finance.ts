import { MODELS, cron, department, trigger } from './entry';

const finance = department('finance', { models: MODELS.reasoning, tools: ['erp_ledger'], tags: ['finance'] });

/** Seed 002 §10.2.A Financial Control, plus the §10.3 month-end close. */
export const financeAgents = [
  finance('reconciliation', {
    name: 'Bank Reconciliation',
    description: 'Reconciles bank statements against the ledger every week and flags each variance.',
    capabilities: ['reconciliation', 'variance_detection', 'transaction_matching'],
    tools: ['bank_statements'],
    tags: ['bank', 'ledger', 'accounting'],
    schedule: cron('0 9 * * 1', 60, 'America/New_York'),
    warmPool: { warmInstances: 0, maxInstances: 10, scaleUpTimeSeconds: 60 },
  }),
  finance('ap_automation', {
    name: 'Accounts Payable Automation',
    description:
      'Processes supplier invoices: extracts them, matches them to purchase orders and queues payment.',
    capabilities: ['invoice_processing', 'three_way_matching', 'document_extraction'],
    tools: ['invoice_inbox', 'purchase_orders', 'payments'],
    tags: ['accounts-payable', 'invoices', 'suppliers'],
    maxConcurrency: 6,
  }),
  finance('ar_collections', {
    name: 'Accounts Receivable Collections',
    description: 'Prioritises overdue receivables and plans the collection actions most likely to be paid.',
    capabilities: ['collections_optimization', 'payment_prediction', 'prioritization'],
    tools: ['customer_invoices', 'email'],
    tags: ['accounts-receivable', 'collections', 'cash-flow'],
  }),
  finance('expense_audit', {
    name: 'Expense Audit',
    description: 'Checks expense reports against the expense policy and flags non-compliant claims.',
    capabilities: ['expense_audit', 'compliance_checking', 'anomaly_detection'],
    tools: ['expense_reports', 'policy_library'],
    tags: ['expenses', 'audit', 'policy'],
  }),
  finance('budget_monitoring', {
    name: 'Budget Monitoring',
    description: 'Tracks spending against budget and alerts owners to variances.',
    capabilities: ['budget_tracking', 'variance_detection', 'alerting'],
    tools: ['budgets'],
    tags: ['budget', 'spend', 'alerts'],
  }),
  finance('fraud_detection', {
    name: 'Transaction Fraud Detection',
    description:
      'Wakes on high-value or unusual transactions and detects the anomalous, possibly fraudulent, ones.',
    capabilities: ['fraud_detection', 'anomaly_detection', 'transaction_monitoring'],
    tools: ['transaction_stream'],
    tags: ['fraud', 'transactions', 'risk'],
    trigger: trigger(
      ['transaction.high_value', 'transaction.unusual_pattern'],
      ['task', 'danger'],
      ['finance'],
      15,
    ),
    warmPool: { maxInstances: 20, scaleUpTimeSeconds: 10 },
    maxConcurrency: 8,
  }),
  finance('month_end_close', {
    name: 'Month-End Close',
    description:
      'Runs the month-end close on the last day of the month: accruals, final reconciliations and the close checklist.',
    capabilities: ['financial_close', 'accrual_calculation', 'reconciliation'],
    tools: ['bank_statements', 'close_checklist'],
    tags: ['close', 'month-end', 'accounting'],
    schedule: cron('0 8 L * *', 240),
  }),
];
