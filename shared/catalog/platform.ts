import { MODELS, department, trigger } from './entry';

const cybersecurity = department('cybersecurity', { tools: ['siem'], tags: ['security'] });
const meta = department('meta', { tools: ['tool_registry'], tags: ['platform'] });

/** Seed 002 §10.3 cybersecurity.defender and §13 meta.integration_builder: the platform's own agents. */
export const platformAgents = [
  cybersecurity('defender', {
    name: 'Cyber Defender',
    description:
      'Stays vigilant around the clock, wakes a defence swarm on high and critical security alerts and coordinates the response.',
    capabilities: ['threat_detection', 'incident_response', 'incident_triage'],
    tools: ['defender_for_cloud', 'network_controls'],
    tags: ['threats', 'alerts', 'incident-response'],
    tier: 'always_on',
    models: MODELS.strong,
    trigger: trigger(
      ['security.alert.high', 'security.alert.critical'],
      ['danger'],
      ['security', 'cybersecurity'],
      5,
    ),
    warmPool: { warmInstances: 2, maxInstances: 50, scaleUpTimeSeconds: 5 },
    maxConcurrency: 8,
  }),
  meta('integration_builder', {
    name: 'Integration Builder',
    description:
      'Meta-agent that builds tools for other agents: reads API documentation, generates the integration code and tool schema, validates it in a sandbox and registers it.',
    capabilities: ['code_generation', 'tool_schema_inference', 'api_integration', 'sandbox_validation'],
    tools: ['code_sandbox', 'api_docs_fetch', 'procedural_memory'],
    tags: ['integrations', 'codegen', 'meta-agent', 'api'],
    models: MODELS.strong,
    maxConcurrency: 2,
  }),
];
