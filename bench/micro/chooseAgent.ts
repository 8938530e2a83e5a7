import { catalog } from '../../shared/catalog';
import { chooseAgent, type BiddableTask } from '../../shared/domain/bid';
import { seededRandom } from '../../shared/domain/random';
import type { AgentInstance } from '../../shared/schemas/agent';
import { awakeAgents, BENCH_NOW } from '../support/builders';
import { measure, ratio, type MicroResult } from './harness';

/**
 * One marketplace decision: chooseAgent over 1,000 awake catalogue agents (every bid: capability match,
 * load, success history, response threshold). Baseline in the same run: a plain least-loaded capable
 * agent scan over the same 1,000 agents — what a capability-filtered load balancer does without bids.
 */
export function benchChooseAgent(quick: boolean) {
  const random = seededRandom(11);
  const agents = awakeAgents(1000, random);
  const tasks: BiddableTask[] = Array.from({ length: 256 }, () => {
    const entry = catalog[Math.floor(random() * catalog.length)]!;
    const required = entry.capabilities.filter(() => random() < 0.5);
    return {
      taskType: entry.agentType,
      requiredCapabilities: required.length > 0 ? required : [entry.capabilities[0]!],
      priority: 1 + Math.floor(random() * 10),
      attempts: Math.floor(random() * 2),
      createdAt: new Date(BENCH_NOW.getTime() - Math.floor(random() * 20 * 60_000)).toISOString(),
    };
  });
  const ctx = { now: BENCH_NOW, random };
  const iterations = quick ? 2_000 : 10_000;
  const warmup = quick ? 500 : 2_000;
  const subject = measure(
    'chooseAgent over 1,000 agents',
    (i) => chooseAgent(agents, tasks[i % tasks.length]!, ctx),
    {
      iterations,
      warmup,
    },
  );
  const baseline = measure(
    'least-loaded capable agent scan over 1,000 agents',
    (i) => leastLoaded(agents, tasks[i % tasks.length]!),
    { iterations, warmup },
  );
  const capable = tasks.map(
    (t) => agents.filter((a) => t.requiredCapabilities.every((c) => a.capabilities.includes(c))).length,
  );
  return {
    subject,
    baseline,
    slowdownVsBaseline: ratio(subject, baseline),
    setup: {
      agents: agents.length,
      distinctTasks: tasks.length,
      meanCapableAgentsPerTask: Math.round(capable.reduce((s, n) => s + n, 0) / capable.length),
    },
  };
}

function leastLoaded(agents: AgentInstance[], task: BiddableTask): AgentInstance | undefined {
  let best: AgentInstance | undefined;
  let bestLoad = Infinity;
  for (const agent of agents) {
    if (agent.state !== 'idle' && agent.state !== 'active') continue;
    if (agent.activeTaskIds.length >= agent.maxConcurrency) continue;
    if (!task.requiredCapabilities.every((c) => agent.capabilities.includes(c))) continue;
    const load = agent.activeTaskIds.length / agent.maxConcurrency;
    if (load < bestLoad) {
      best = agent;
      bestLoad = load;
    }
  }
  return best;
}

export type ChooseAgentBench = ReturnType<typeof benchChooseAgent> & { subject: MicroResult };
