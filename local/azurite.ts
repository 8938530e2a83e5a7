import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Azurite's well-known development account (public, documented by Microsoft; not a secret). */
const ACCOUNT = 'devstoreaccount1';
const ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface LocalAzurite {
  blobEndpoint: string;
  queueEndpoint: string;
  tableEndpoint: string;
  /** For `AzureWebJobsStorage` and the Event Hubs checkpoint store. */
  connectionString: string;
  close(): Promise<void>;
}

/**
 * Starts Azurite (Microsoft's Storage emulator) as a child process: in memory, on loopback, with its own
 * telemetry off and `--skipApiVersionCheck` so newer SDKs are accepted. Ports default to free ones; the
 * listening lines tell us which.
 */
export async function startAzurite(
  options: { blobPort?: number; queuePort?: number; tablePort?: number } = {},
): Promise<LocalAzurite> {
  const location = mkdtempSync(join(tmpdir(), 'ants-azurite-'));
  const child = spawn(
    process.execPath,
    [
      require.resolve('azurite/dist/src/azurite.js'),
      '--inMemoryPersistence',
      '--skipApiVersionCheck',
      '--disableTelemetry',
      '--disableProductStyleUrl',
      '--blobHost',
      '127.0.0.1',
      '--queueHost',
      '127.0.0.1',
      '--tableHost',
      '127.0.0.1',
      '--blobPort',
      String(options.blobPort ?? 0),
      '--queuePort',
      String(options.queuePort ?? 0),
      '--tablePort',
      String(options.tablePort ?? 0),
    ],
    // In memory, Azurite writes nothing; its working folder is a scratch one all the same.
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: location },
  );
  const endpoints = await listening(child);
  const { blob, queue, table } = endpoints;
  return {
    blobEndpoint: `${blob}/${ACCOUNT}`,
    queueEndpoint: `${queue}/${ACCOUNT}`,
    tableEndpoint: `${table}/${ACCOUNT}`,
    connectionString:
      `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${ACCOUNT_KEY};` +
      `BlobEndpoint=${blob}/${ACCOUNT};QueueEndpoint=${queue}/${ACCOUNT};TableEndpoint=${table}/${ACCOUNT};`,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(location, { recursive: true, force: true });
    },
  };
}

function listening(child: ChildProcess): Promise<{ blob: string; queue: string; table: string }> {
  return new Promise((resolve, reject) => {
    const found: Record<string, string> = {};
    let output = '';
    const timer = setTimeout(() => fail(new Error(`Azurite did not start within 30 s:\n${output}`)), 30_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.once('exit', (code) => fail(new Error(`Azurite exited with code ${code}:\n${output}`)));
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      for (const m of output.matchAll(
        /Azurite (Blob|Queue|Table) service is successfully listening at (\S+)/g,
      )) {
        found[m[1]!.toLowerCase()] = m[2]!;
      }
      if (found.blob && found.queue && found.table) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        child.stdout?.removeAllListeners('data');
        child.stdout?.resume();
        child.stderr?.resume();
        resolve({ blob: found.blob, queue: found.queue, table: found.table });
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });
}
