import type { InvocationContext } from '@azure/functions';
import { entities, type QueueDeclaration } from '../../shared/entities';
import type { Swarm } from '../../shared/services/swarm';
import { processTask } from '../../shared/services/worker/processTask';
import type { Settlement } from '../../shared/services/worker/settlement';
import { SwarmView } from '../../shared/services/swarmView';
import { DEFAULT_WORKER_POLICY, type WorkerPolicy } from '../../shared/services/worker/policy';
import { deliveryOf } from './delivery';

export interface ServiceBusFunction {
  kind: 'serviceBusQueue';
  name: string;
  queueName: string;
  connection: string;
  isSessionsEnabled: boolean;
  maxConcurrentCalls: number;
  maxDeliveryCount: number;
  /** The decision for one message; the host turns it into complete / abandon / dead-letter. */
  process(message: unknown, context: InvocationContext): Promise<Settlement>;
}

function functionName(queue: QueueDeclaration): string {
  return 'work_' + queue.name.replace(/^ants-/, '').replace(/-/g, '_');
}

/**
 * One worker function per task queue, each with its own concurrency: a backlog on the low-priority queue
 * occupies only the low queue's slots, so high-priority work never waits behind it (seed §15.3).
 */
export function taskWorkerFunctions(
  swarm: () => Promise<Swarm>,
  policy: WorkerPolicy = DEFAULT_WORKER_POLICY,
): ServiceBusFunction[] {
  let view: SwarmView | undefined;
  return entities.serviceBus.queues.map((queue) => ({
    kind: 'serviceBusQueue',
    name: functionName(queue),
    queueName: queue.name,
    connection: entities.serviceBus.connectionSetting,
    isSessionsEnabled: queue.requiresSession,
    maxConcurrentCalls: queue.maxConcurrentCalls,
    maxDeliveryCount: queue.maxDeliveryCount,
    async process(message, context) {
      const current = await swarm();
      view ??= new SwarmView(current);
      const settlement = await processTask(
        current,
        view,
        message,
        deliveryOf(context, queue.maxDeliveryCount),
        { ...policy, maxAttempts: Math.min(policy.maxAttempts, queue.maxDeliveryCount) },
      );
      if (settlement.action !== 'complete') context.warn(`${settlement.action}: ${settlement.reason}`);
      return settlement;
    },
  }));
}
