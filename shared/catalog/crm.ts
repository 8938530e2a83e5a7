import { MODELS, department } from './entry';

const crm = department('crm', { tools: ['crm_records'], tags: ['customers'] });

/** Seed 002 §10.2.A Customer Relationship Management. */
export const crmAgents = [
  crm('lead_scoring', {
    name: 'Lead Scoring',
    description: 'Qualifies incoming leads and ranks them by their likelihood to convert.',
    capabilities: ['lead_scoring', 'lead_qualification', 'prioritization'],
    tools: ['marketing_automation'],
    tags: ['leads', 'pipeline'],
  }),
  crm('customer_support', {
    name: 'Customer Support',
    description: 'Routes support tickets to the right queue and drafts responses to customers.',
    capabilities: ['ticket_routing', 'response_generation', 'intent_classification'],
    tools: ['ticketing', 'knowledge_base', 'email'],
    tags: ['support', 'helpdesk', 'tickets', 'chat'],
    tier: 'business_hours',
    models: MODELS.fast,
    maxConcurrency: 8,
    warmPool: { warmInstances: 2, maxInstances: 30, scaleUpTimeSeconds: 10 },
  }),
  crm('sentiment_analysis', {
    name: 'Customer Sentiment',
    description: 'Tracks the sentiment of customer feedback across surveys, tickets and reviews.',
    capabilities: ['sentiment_analysis', 'feedback_analysis', 'trend_detection'],
    tools: ['survey_results', 'ticketing'],
    tags: ['feedback', 'voice-of-customer', 'nps'],
    models: MODELS.routine,
  }),
  crm('churn_prediction', {
    name: 'Churn Prediction',
    description: 'Identifies at-risk customers before they leave and explains the warning signs.',
    capabilities: ['churn_prediction', 'customer_segmentation', 'risk_scoring'],
    tools: ['usage_analytics', 'billing_history'],
    tags: ['retention', 'at-risk'],
  }),
  crm('upsell', {
    name: 'Upsell and Cross-sell',
    description: 'Detects cross-sell and upsell opportunities in existing accounts.',
    capabilities: ['upsell_detection', 'cross_sell_detection', 'product_recommendation'],
    tools: ['product_catalog', 'billing_history'],
    tags: ['expansion', 'revenue', 'accounts'],
  }),
];
