/**
 * The connection string of the official Service Bus and Event Hubs emulators. `UseDevelopmentEmulator=true`
 * makes @azure/core-amqp use plain TCP (no TLS) and port 5672 unless the endpoint names one
 * (`sb://localhost:5673`). Both SDKs accept the same string; Event Hubs clients take the hub name apart.
 */
export const DEFAULT_AMQP_PORT = 5672;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '0.0.0.0', '::']);

export function emulatorConnectionString(host: string, port: number): string {
  // The official string says localhost; any loopback listener is reachable that way.
  const name = LOOPBACK.has(host) ? 'localhost' : host;
  const endpoint = port === DEFAULT_AMQP_PORT ? `sb://${name}` : `sb://${name}:${port}`;
  return `Endpoint=${endpoint};SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;`;
}
