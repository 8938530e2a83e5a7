import { startDependencies } from './stack';

/**
 * `npm run deps`: the local dependencies alone, on the fixed ports `local.settings.sample.json` names
 * (Azurite 10000-10002, Cosmos 8081, AMQP 5672), for running the functions under `func start`.
 */
async function main(): Promise<void> {
  const deps = await startDependencies({
    amqpPort: 5672,
    cosmosPort: 8081,
    azuritePorts: { blobPort: 10000, queuePort: 10001, tablePort: 10002 },
  });
  process.stdout.write(
    [
      '',
      'ANTS local dependencies are running. Settings for local.settings.json:',
      '',
      JSON.stringify(deps.settings, null, 2),
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  const stop = async () => {
    await deps.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error) => {
  process.stderr.write(`ANTS dependencies failed to start: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
