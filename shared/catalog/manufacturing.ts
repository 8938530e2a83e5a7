import { industry } from './entry';

const manufacturing = industry('manufacturing', { tools: ['mes'], tags: ['manufacturing', 'plant'] });

/** Seed 002 §10.2.B Manufacturing, plus the §10.3.D on-demand capacity planning agent. */
export const manufacturingAgents = [
  manufacturing('quality_control', {
    name: 'Quality Control',
    description: 'Detects product defects from sensor and inspection-camera data on the production line.',
    capabilities: ['defect_detection', 'anomaly_detection', 'sensor_analysis'],
    tools: ['sensor_stream', 'vision_inspection'],
    tags: ['quality', 'defects', 'inspection'],
    pool: 'compute_intensive',
    maxConcurrency: 2,
  }),
  manufacturing('predictive_maintenance', {
    name: 'Predictive Maintenance',
    description:
      'Predicts equipment failures from sensor telemetry and schedules maintenance before they happen.',
    capabilities: ['predictive_maintenance', 'failure_prediction', 'sensor_analysis'],
    tools: ['sensor_stream', 'maintenance_management'],
    tags: ['maintenance', 'equipment', 'downtime'],
  }),
  manufacturing('production_scheduling', {
    name: 'Production Scheduling',
    description:
      'Plans production orders across lines and shifts to meet due dates with the least changeover.',
    capabilities: ['production_scheduling', 'constraint_optimization', 'capacity_analysis'],
    tools: ['erp_production_orders'],
    tags: ['scheduling', 'planning', 'shifts'],
  }),
  manufacturing('supply_planning', {
    name: 'Supply Planning',
    description: 'Times raw material procurement against the production plan and supplier lead times.',
    capabilities: ['material_requirements_planning', 'procurement', 'demand_forecasting'],
    tools: ['erp_inventory', 'supplier_directory'],
    tags: ['raw-materials', 'mrp', 'planning'],
  }),
  manufacturing('energy_optimization', {
    name: 'Energy Optimization',
    description: 'Reduces plant energy consumption by finding waste and shifting load to cheaper hours.',
    capabilities: ['energy_optimization', 'anomaly_detection', 'load_shifting'],
    tools: ['energy_meters', 'sensor_stream'],
    tags: ['energy', 'sustainability', 'utilities'],
  }),
  manufacturing('safety_monitoring', {
    name: 'Safety Monitoring',
    description:
      'Predicts workplace safety incidents from near-miss reports, sensor data and shift patterns.',
    capabilities: ['safety_incident_prediction', 'risk_scoring', 'sensor_analysis'],
    tools: ['sensor_stream', 'incident_reports'],
    tags: ['safety', 'ehs', 'workplace'],
  }),
  manufacturing('capacity_planning', {
    name: 'Capacity Planning',
    description:
      'Plans plant, line and labour capacity against forecast demand when a planning cycle asks for it.',
    capabilities: ['capacity_analysis', 'scenario_planning', 'demand_forecasting'],
    tools: ['erp_production_orders'],
    tags: ['capacity', 'planning', 'what-if'],
  }),
];
