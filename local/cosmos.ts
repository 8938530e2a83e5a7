import type { AddressInfo } from 'node:net';
import { createHttpServer } from '@vercel/cosmosdb-server';

/** The Cosmos emulator's published well-known key; the local server accepts any key. */
export const LOCAL_COSMOS_KEY =
  'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

export interface LocalCosmos {
  endpoint: string;
  key: string;
  close(): Promise<void>;
}

/**
 * Starts `@vercel/cosmosdb-server` in this process over plain HTTP (no self-signed certificate to trust),
 * empty: create the database and containers with `ensureContainers`. Port 0 picks a free port.
 * It has no TTL, change feed or stored procedures and no DISTINCT, GROUP BY or OFFSET/LIMIT in SQL.
 */
export async function startLocalCosmos(options: { port?: number; host?: string } = {}): Promise<LocalCosmos> {
  const host = options.host ?? '127.0.0.1';
  // Keep-alive saves a TCP handshake per request; close() ends the idle sockets itself.
  const server = createHttpServer({ keepAlive: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const endpoint = `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
  return {
    endpoint,
    key: LOCAL_COSMOS_KEY,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
