import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import { AppInsightsTelemetry } from '../../../shared/adapters/azure/appInsights/appInsightsTelemetry';
import { TelemetryEvents, TelemetryMetrics } from '../../../shared/telemetry/names';
import { IngestionServer, type Envelope } from './ingestionServer';

/**
 * The App Insights adapter through the real `applicationinsights` v3 SDK, against a loopback HTTPS server
 * playing the ingestion endpoint: what reaches the wire is what the portal would store.
 */

jest.setTimeout(60_000);

const TOKEN = 'loopback-entra-token';
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE_ID}-${SPAN_ID}-01`;

/** A static Entra ID credential: records the scopes asked for and hands out one token. */
class StaticCredential implements TokenCredential {
  readonly scopes: string[] = [];
  async getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken> {
    this.scopes.push(...(Array.isArray(scopes) ? scopes : [scopes]));
    return { token: TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}

let server: IngestionServer;
let credential: StaticCredential;
let telemetry: AppInsightsTelemetry;

beforeAll(async () => {
  // Statsbeat (the SDK's own usage telemetry) goes to a fixed Microsoft endpoint: keep the test on loopback.
  process.env.APPLICATIONINSIGHTS_STATSBEAT_DISABLED = 'true';
  process.env.APPLICATION_INSIGHTS_NO_STATSBEAT = 'true';
  server = await new IngestionServer().start();
  credential = new StaticCredential();
  telemetry = AppInsightsTelemetry.start({
    connectionString: server.connectionString(),
    credential,
    liveMetrics: false,
    trustedCa: server.certificate,
  });
});

afterAll(async () => {
  await telemetry?.shutdown();
  await server?.stop();
});

const isEvent = (name: string) => (e: Envelope) =>
  e.data.baseType === 'EventData' && e.data.baseData.name === name;
const isMetric = (name: string) => (e: Envelope) =>
  e.data.baseType === 'MetricData' && e.data.baseData.metrics?.[0]?.name === name;

describe('AppInsightsTelemetry (applicationinsights v3 against a loopback ingestion endpoint)', () => {
  it('sends a custom event with its properties, measurements, redacted PII and the trace id as operation id', async () => {
    telemetry.event({
      name: TelemetryEvents.TaskFailed,
      properties: {
        tenantId: 'contoso',
        taskId: 'task-42',
        taskType: 'finance.reconcile',
        error: 'customer alice@contoso.com asked for card 4111 1111 1111 1111',
        attemptLimitReached: false,
        skipped: undefined,
      },
      measurements: { attempt: 2 },
      traceparent: TRACEPARENT,
    });
    await telemetry.flush();
    const event = await server.waitFor(isEvent(TelemetryEvents.TaskFailed));

    expect(event.tags?.['ai.operation.id']).toBe(TRACE_ID);
    expect(event.tags?.['ai.operation.parentId']).toBe(SPAN_ID);
    const { properties, measurements } = event.data.baseData;
    expect(properties).toMatchObject({
      tenantId: 'contoso',
      taskId: 'task-42',
      taskType: 'finance.reconcile',
      attemptLimitReached: 'false',
    });
    expect(properties).not.toHaveProperty('skipped');
    expect(properties.error).toContain('[REDACTED:EMAIL]');
    expect(properties.error).toContain('[REDACTED:CREDIT_CARD]');
    expect(JSON.stringify(server.envelopes())).not.toMatch(/alice@contoso\.com|4111 1111 1111 1111/);
    expect(measurements).toEqual({ attempt: 2 });
  });

  it('sends an event without a traceparent with no operation id (a timer tick is no transaction)', async () => {
    telemetry.event({
      name: TelemetryEvents.AgentSlept,
      properties: { tenantId: 'contoso', reason: 'idle' },
    });
    await telemetry.flush();
    const event = await server.waitFor(isEvent(TelemetryEvents.AgentSlept));
    expect(event.data.baseData.properties).toMatchObject({ tenantId: 'contoso', reason: 'idle' });
    expect(event.tags?.['ai.operation.id']).toBeUndefined();
  });

  it('sends a metric, pre-aggregated per dimension set, with redacted dimensions', async () => {
    const dimensions = { tenantId: 'contoso', taskType: 'ops.notify bob@fabrikam.com' };
    telemetry.metric(TelemetryMetrics.TaskQueueWaitMs, 120, dimensions, TRACEPARENT);
    telemetry.metric(TelemetryMetrics.TaskQueueWaitMs, 480, dimensions, TRACEPARENT);
    await telemetry.flush();
    const metric = await server.waitFor(isMetric(TelemetryMetrics.TaskQueueWaitMs));

    const [point] = metric.data.baseData.metrics;
    expect(point).toMatchObject({ name: 'TaskQueueWaitMs', value: 600, count: 2, min: 120, max: 480 });
    expect(metric.data.baseData.properties).toEqual({
      tenantId: 'contoso',
      taskType: 'ops.notify [REDACTED:EMAIL]',
    });
    // An aggregate spans many operations: the metrics pipeline sets no operation id (the events carry it).
    expect(metric.tags?.['ai.operation.id']).toBeUndefined();
  });

  it('authenticates every upload with the Entra ID bearer token and no instrumentation-key auth', async () => {
    await server.waitFor(isEvent(TelemetryEvents.TaskFailed));
    expect(server.requests.length).toBeGreaterThan(0);
    for (const r of server.requests) {
      expect(r.path).toMatch(/^\/v2(\.1)?\/track$/);
      expect(r.authorization).toBe(`Bearer ${TOKEN}`);
    }
    expect(new Set(credential.scopes)).toEqual(new Set(['https://monitor.azure.com/.default']));
  });

  it('is set up once per process', () => {
    const again = AppInsightsTelemetry.start({
      connectionString: server.connectionString(),
      credential,
      trustedCa: server.certificate,
    });
    expect(again).toBe(telemetry);
    expect(() =>
      AppInsightsTelemetry.start({
        connectionString: 'InstrumentationKey=11111111-1111-1111-1111-111111111111',
        credential,
      }),
    ).toThrow(/already set up/);
  });
});
