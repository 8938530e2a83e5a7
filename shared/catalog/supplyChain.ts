import { MODELS, department, trigger } from './entry';

const supplyChain = department('supply_chain', { tools: ['erp_inventory'], tags: ['supply-chain'] });
const logistics = department('logistics', {
  tools: ['transport_management'],
  tags: ['logistics', 'delivery'],
});
const distribution = department('distribution', { tools: ['warehouse_management'], tags: ['distribution'] });

/** Seed 002 §10.2.A Supply Chain & Logistics, plus the §10.3.C event-driven urgent reorder agent. */
export const supplyChainAgents = [
  supplyChain('demand_forecasting', {
    name: 'Demand Forecasting',
    description: 'Builds predictive demand models from order history, seasonality and market signals.',
    capabilities: ['demand_forecasting', 'time_series_forecasting', 'seasonality_analysis'],
    tools: ['sales_history', 'market_data'],
    tags: ['forecast', 'planning', 'demand'],
  }),
  supplyChain('procurement', {
    name: 'Procurement',
    description: 'Selects suppliers and automates purchase order creation and approval.',
    capabilities: ['supplier_selection', 'purchase_order_automation', 'procurement'],
    tools: ['supplier_directory', 'purchase_orders'],
    tags: ['purchasing', 'suppliers', 'sourcing'],
  }),
  supplyChain('inventory', {
    name: 'Supply Chain Inventory',
    description: 'Optimises stock levels across sites and automates reordering.',
    capabilities: ['inventory_optimization', 'reorder_automation', 'stock_level_monitoring'],
    tools: ['purchase_orders'],
    tags: ['stock', 'replenishment', 'inventory'],
  }),
  supplyChain('urgent_reorder', {
    name: 'Urgent Reorder',
    description:
      'Wakes when stock of an item falls critically low and places an expedited replenishment order.',
    capabilities: ['reorder_automation', 'expedited_ordering', 'supplier_selection'],
    tools: ['purchase_orders', 'supplier_directory'],
    tags: ['stockout', 'replenishment', 'expedite'],
    trigger: trigger(
      ['inventory.critical_low'],
      ['resource', 'task'],
      ['supply_chain', 'retail.inventory'],
      30,
    ),
    warmPool: { scaleUpTimeSeconds: 30 },
  }),
  logistics('route_optimization', {
    name: 'Route Optimization',
    description:
      'Plans delivery routes that minimise distance, time and cost under vehicle and window constraints.',
    capabilities: ['route_optimization', 'vehicle_routing', 'delivery_planning'],
    tools: ['maps_routing', 'fleet_telematics'],
    tags: ['routes', 'fleet'],
  }),
  logistics('shipment_tracking', {
    name: 'Shipment Tracking',
    description: 'Monitors shipments in real time and raises delays and exceptions as they happen.',
    capabilities: ['shipment_tracking', 'eta_prediction', 'exception_detection'],
    tools: ['carrier_tracking'],
    tags: ['shipments', 'tracking', 'real-time'],
    models: MODELS.routine,
    maxConcurrency: 8,
  }),
  distribution('warehouse_optimization', {
    name: 'Warehouse Optimization',
    description: 'Optimises warehouse layout, slotting and picking paths.',
    capabilities: ['warehouse_layout_optimization', 'pick_path_optimization', 'slotting'],
    tools: ['floor_plans'],
    tags: ['warehouse', 'picking', 'fulfilment'],
  }),
];
