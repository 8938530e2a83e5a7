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
  }
}
