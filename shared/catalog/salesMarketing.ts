import { MODELS, department } from './entry';

const sales = department('sales', { tools: ['crm_records'], tags: ['sales'] });
const marketing = department('marketing', { tools: ['marketing_automation'], tags: ['marketing'] });

/** Seed 002 §10.2.A Sales & Marketing. */
export const salesMarketingAgents = [
  sales('lead_nurturing', {
    name: 'Lead Nurturing',
    description:
      'Follows up with leads automatically with timely, personalised messages until they are ready for sales.',
    capabilities: ['lead_nurturing', 'email_personalization', 'follow_up_automation'],
    tools: ['email', 'calendar'],
    tags: ['leads', 'follow-up', 'outreach'],
    tier: 'business_hours',
    models: MODELS.fast,
    maxConcurrency: 8,
  }),
  sales('quote_generation', {
    name: 'Quote Generation',
    description: 'Creates quotes dynamically from the product catalogue, price lists and discount rules.',
    capabilities: ['quote_generation', 'pricing_rules', 'document_generation'],
    tools: ['product_catalog', 'price_lists'],
    tags: ['quotes', 'cpq', 'pricing'],
  }),
  sales('forecast', {
    name: 'Sales Forecast',
    description: 'Forecasts revenue from the sales pipeline and its historical conversion rates.',
    capabilities: ['pipeline_forecasting', 'revenue_forecasting', 'time_series_forecasting'],
    tools: ['sales_history'],
    tags: ['pipeline', 'forecast', 'revenue'],
  }),
  marketing('content_generation', {
    name: 'Marketing Content',
    description:
      'Writes marketing copy for campaigns, landing pages, emails and social posts in the brand voice.',
    capabilities: ['content_generation', 'copywriting', 'brand_voice'],
    tools: ['brand_guidelines', 'content_library'],
    tags: ['copy', 'content', 'campaigns'],
  }),
  marketing('campaign_optimization', {
    name: 'Campaign Optimization',
    description: 'Analyses A/B tests and campaign results and recommends where to shift budget.',
    capabilities: ['ab_test_analysis', 'campaign_optimization', 'budget_allocation'],
    tools: ['ad_platforms', 'web_analytics'],
    tags: ['ab-testing', 'campaigns', 'conversion'],
  }),
  marketing('social_listening', {
    name: 'Social Listening',
    description: 'Tracks brand mentions across social media and news and the sentiment they carry.',
    capabilities: ['brand_monitoring', 'sentiment_analysis', 'trend_detection'],
    tools: ['social_media_feeds', 'news_feeds'],
    tags: ['brand', 'social-media', 'mentions'],
    models: MODELS.routine,
  }),
];
