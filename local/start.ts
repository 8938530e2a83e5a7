import { startStack } from './stack';

/**
 * `npm start`: the whole swarm on loopback. Prints where everything is, and shuts it all down on Ctrl-C.
 */
async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 7071);
  const stack = await startStack({ httpPort: port, quiet: process.env.ANTS_QUIET === '1' });
  const api = `${stack.url}/api`;
  process.stdout.write(
    [
      '',
      `ANTS is running (started in ${(stack.startupMs / 1000).toFixed(1)} s)`,
      `  API           ${api}/v1/tasks`,
      `  OpenAPI       ${api}/openapi.json`,
      `  Health        ${api}/health`,
      `  Agents        ${api}/v1/agents`,
      `  Pheromones    ${api}/v1/pheromones`,
      `  Service Bus / Event Hubs (AMQP emulator)  ${stack.settings.ServiceBusConnection}`,
      `  Cosmos DB API server                      ${stack.settings.COSMOS__accountEndpoint}`,
      `  Telemetry     ${stack.settings.ANTS_TELEMETRY_FILE}`,
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping ANTS…\n`);
    await stack.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  process.stderr.write(`ANTS failed to start: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
