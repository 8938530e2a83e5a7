import { DEFAULT_AMQP_PORT, startEmulator } from './index';

/**
 * `npm run emulator`: the emulator on 127.0.0.1:5672 (EMULATOR_PORT and EMULATOR_HOST override), until
 * SIGINT or SIGTERM. EMULATOR_VERBOSE=1 logs every link attach.
 */
async function main(): Promise<void> {
  const verbose = process.env.EMULATOR_VERBOSE === '1';
  const emulator = await startEmulator({
    host: process.env.EMULATOR_HOST ?? '127.0.0.1',
    port: process.env.EMULATOR_PORT ? Number(process.env.EMULATOR_PORT) : DEFAULT_AMQP_PORT,
    log: (line) => {
      if (verbose || line.startsWith('refused') || line.startsWith('AMQP error'))
        console.log(`[emulator] ${line}`);
    },
  });
  console.log(`ANTS Service Bus + Event Hubs emulator listening on ${emulator.host}:${emulator.port}`);
  console.log(emulator.connectionString);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the emulator`);
    emulator.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
