import { AppInsightsTelemetry } from '../../../shared/adapters/azure/appInsights/appInsightsTelemetry';
import { JsonlTelemetry } from '../../../shared/adapters/local/jsonlTelemetry';
import { buildSwarm, readSettings } from '../../../shared/config';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `buildSwarm` picks Application Insights when APPLICATIONINSIGHTS_CONNECTION_STRING is set and the local
 * JSONL file otherwise. Building connects to nothing, so loopback addresses that never answer will do.
 */

const EMULATOR =
  'Endpoint=sb://127.0.0.1:1;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;';
const dir = mkdtempSync(join(tmpdir(), 'ants-telemetry-'));

const base = {
  ANTS_ENV: 'local',
  COSMOS__accountEndpoint: 'http://127.0.0.1:1/',
  COSMOS__key: 'bG9jYWwtY29zbW9zLWtleQ==',
  ServiceBusConnection: EMULATOR,
  EventHubConnection: EMULATOR,
  ANTS_TELEMETRY_FILE: join(dir, 'telemetry.jsonl'),
};

afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('uses the JSONL file without a connection string', async () => {
  const swarm = buildSwarm(readSettings(base));
  expect(swarm.telemetry).toBeInstanceOf(JsonlTelemetry);
  await swarm.close();
});

it('uses Application Insights when APPLICATIONINSIGHTS_CONNECTION_STRING is set', async () => {
  process.env.APPLICATIONINSIGHTS_STATSBEAT_DISABLED = 'true';
  process.env.APPLICATION_INSIGHTS_NO_STATSBEAT = 'true';
  // Nothing listens on the loopback endpoints: keep Live Metrics from pinging one while the SDK shuts down.
  process.env.APPLICATIONINSIGHTS_CONFIGURATION_CONTENT = JSON.stringify({
    enableLiveMetrics: false,
    enableSendLiveMetrics: false,
  });
  const swarm = buildSwarm(
    readSettings({
      ...base,
      APPLICATIONINSIGHTS_CONNECTION_STRING:
        'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1:1/;LiveEndpoint=https://127.0.0.1:1/',
    }),
  );
  expect(swarm.telemetry).toBeInstanceOf(AppInsightsTelemetry);
  await (swarm.telemetry as AppInsightsTelemetry).shutdown();
  await swarm.close();
});
