import { MODELS, department } from './entry';

const selfops = department('selfops', {
  models: MODELS.routine,
  tools: ['telemetry_query'],
  tags: ['platform'],
});
const it = department('it', { models: MODELS.routine, tools: ['itsm'], tags: ['it-operations'] });

/** Seed 002 §10.2.A IT Operations & SelfOps. */
export const itOpsAgents = [
  selfops('infraops', {
    name: 'InfraOps',
    description:
      'Monitors the health of the platform infrastructure around the clock and raises degradations.',
    capabilities: ['infrastructure_monitoring', 'anomaly_detection', 'health_checks'],
    tools: ['azure_monitor', 'resource_graph'],
    tags: ['infrastructure', 'health', 'monitoring'],
    tier: 'always_on',
  }),
  selfops('dataops', {
    name: 'DataOps',
    description: 'Monitors data pipelines for failures, delays and data-quality drift.',
    capabilities: ['pipeline_monitoring', 'data_quality_checks', 'anomaly_detection'],
    tools: ['pipeline_runs'],
    tags: ['data', 'pipelines', 'monitoring'],
  }),
  selfops('agentops', {
    name: 'AgentOps',
    description: 'Monitors the performance of agents in the swarm: success rates, latency, cost and load.',
    capabilities: ['agent_performance_monitoring', 'cost_monitoring', 'anomaly_detection'],
    tools: ['agent_registry'],
    tags: ['agents', 'swarm', 'monitoring'],
  }),
  selfops('secops', {
    name: 'SecOps',
    description: 'Triages security events, separates real threats from noise and escalates the real ones.',
    capabilities: ['security_event_triage', 'incident_triage', 'threat_detection'],
    tools: ['siem'],
    tags: ['security', 'triage'],
  }),
  it('incident_management', {
    name: 'IT Incident Management',
    description:
      'Triages IT tickets, proposes a resolution and routes what it cannot resolve to the right team.',
    capabilities: ['incident_triage', 'ticket_routing', 'root_cause_analysis'],
    tools: ['knowledge_base'],
    tags: ['incidents', 'tickets', 'helpdesk'],
    tier: 'business_hours',
    maxConcurrency: 8,
  }),
  it('change_management', {
    name: 'IT Change Management',
    description: 'Analyses the impact and risk of each change request before it goes to approval.',
    capabilities: ['change_impact_analysis', 'risk_scoring', 'dependency_mapping'],
    tools: ['cmdb'],
    tags: ['changes', 'cab', 'risk'],
    models: MODELS.balanced,
  }),
];
