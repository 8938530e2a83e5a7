import { CatalogEntry } from '../schemas/catalog';
import { crmAgents } from './crm';
import { financeAgents } from './finance';
import { finservAgents } from './finserv';
import { healthcareAgents } from './healthcare';
import { hrAgents } from './hr';
import { itOpsAgents } from './itOps';
import { manufacturingAgents } from './manufacturing';
import { platformAgents } from './platform';
import { retailAgents } from './retail';
import { salesMarketingAgents } from './salesMarketing';
import { supplyChainAgents } from './supplyChain';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

function load(): readonly CatalogEntry[] {
  const entries = [
    ...hrAgents,
    ...crmAgents,
    ...supplyChainAgents,
    ...financeAgents,
    ...salesMarketingAgents,
    ...itOpsAgents,
    ...finservAgents,
    ...retailAgents,
    ...manufacturingAgents,
    ...healthcareAgents,
    ...platformAgents,
  ].map((raw) => {
    const parsed = CatalogEntry.safeParse(raw);
    if (!parsed.success)
      throw new Error(`catalogue entry ${raw.agentType} is invalid: ${parsed.error.message}`);
    return parsed.data;
  });
  const seen = new Set<string>();
  for (const { agentType } of entries) {
    if (seen.has(agentType)) throw new Error(`catalogue lists ${agentType} twice`);
    seen.add(agentType);
  }
  entries.sort((a, b) => (a.agentType < b.agentType ? -1 : 1));
  return deepFreeze(entries);
}

/** Every agent type of the repository (seed 002 §10.2-10.4, §13), validated at load, sorted by agent type. */
export const catalog: readonly CatalogEntry[] = load();

const byType = new Map(catalog.map((entry) => [entry.agentType, entry]));

/** The catalogue entry of one agent type, or undefined for a type the repository does not offer. */
export function catalogEntry(agentType: string): CatalogEntry | undefined {
  return byType.get(agentType);
}
