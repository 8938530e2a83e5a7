import { app } from '@azure/functions';
import { loadSwarm, tenantSource } from '../shared/config';
import { functionTable } from './table';

/**
 * The Functions host entry point (package.json `main`): registers every declaration of the function
 * table. The local host in `local/` serves the same table, so there is one code path.
 */
for (const fn of functionTable({ swarm: loadSwarm, tenantSource: tenantSource() })) {
  switch (fn.kind) {
    case 'http':
      app.http(fn.name, {
        methods: fn.methods,
        route: fn.route,
        authLevel: fn.authLevel,
        handler: fn.handler,
      });
      break;
    case 'serviceBusQueue':
      app.serviceBusQueue(fn.name, {
        connection: fn.connection,
        queueName: fn.queueName,
        isSessionsEnabled: fn.isSessionsEnabled,
        handler: async (message, context) => {
          const settlement = await fn.process(message, context);
          // The Functions Node worker settles by outcome: returning completes, throwing abandons. A
          // dead-letter decision is already recorded on the task document; throwing lets the broker
          // dead-letter the message once its max delivery count is reached, so it is never dropped.
          if (settlement.action !== 'complete') throw new Error(`${settlement.action}: ${settlement.reason}`);
        },
      });
      break;
    case 'eventHub':
      app.eventHub(fn.name, {
        connection: fn.connection,
        eventHubName: fn.eventHubName,
        consumerGroup: fn.consumerGroup,
        cardinality: fn.cardinality,
        handler: (events, context) => fn.handler(events as unknown[], context),
      });
      break;
    case 'timer':
      app.timer(fn.name, { schedule: fn.schedule, handler: fn.handler });
      break;
  }
}
