import { industry } from './entry';

const retail = industry('retail', { tools: ['point_of_sale'], tags: ['retail'] });

/** Seed 002 §10.2.B Retail. */
export const retailAgents = [
  retail('inventory', {
    name: 'Retail Inventory',
    description:
      'Manages store and online inventory: tracks stock, optimises levels and triggers replenishment.',
    capabilities: ['inventory_optimization', 'stock_level_monitoring', 'reorder_automation'],
    tools: ['erp_inventory', 'purchase_orders'],
    tags: ['stock', 'stores', 'inventory'],
    tier: 'business_hours',
    warmPool: { warmInstances: 2, maxInstances: 50, scaleUpTimeSeconds: 10 },
    maxConcurrency: 8,
  }),
  retail('price_optimization', {
    name: 'Price Optimization',
    description: 'Recommends dynamic prices from demand elasticity, competitor prices and stock levels.',
    capabilities: ['price_optimization', 'elasticity_modeling', 'competitor_price_monitoring'],
    tools: ['price_lists', 'competitor_prices'],
    tags: ['pricing', 'markdown', 'dynamic-pricing'],
  }),
  retail('demand_forecasting', {
    name: 'Retail Demand Forecasting',
    description:
      'Predicts sales demand per product and store from sales history, promotions and seasonality.',
    capabilities: ['demand_forecasting', 'time_series_forecasting', 'promotion_impact_analysis'],
    tools: ['sales_history'],
    tags: ['forecast', 'sales', 'demand'],
  }),
  retail('assortment_planning', {
    name: 'Assortment Planning',
    description: 'Optimises the product mix of each store for its customers and shelf space.',
    capabilities: ['assortment_optimization', 'space_planning', 'customer_segmentation'],
    tools: ['product_catalog', 'planograms'],
    tags: ['assortment', 'merchandising', 'product-mix'],
  }),
  retail('customer_personalization', {
    name: 'Customer Personalization',
    description: "Makes personalised product recommendations from each shopper's history and behaviour.",
    capabilities: ['product_recommendation', 'customer_segmentation', 'personalization'],
    tools: ['product_catalog', 'customer_profiles'],
    tags: ['recommendations', 'ecommerce', 'shoppers'],
    maxConcurrency: 8,
  }),
  retail('loss_prevention', {
    name: 'Loss Prevention',
    description:
      'Detects shrinkage and theft from point-of-sale exceptions, stock discrepancies and returns.',
    capabilities: ['shrinkage_detection', 'anomaly_detection', 'exception_detection'],
    tools: ['erp_inventory'],
    tags: ['theft', 'shrinkage', 'security'],
  }),
];
