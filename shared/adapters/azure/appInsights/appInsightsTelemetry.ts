import type { TokenCredential } from '@azure/identity';
import { TelemetryClient, startOperation, wrapWithCorrelationContext } from 'applicationinsights';
import { redactText } from '../../../guardrails/redact';
import type { Telemetry, TelemetryEvent } from '../../../ports';
import { parseTraceparent } from '../../../telemetry/traceContext';

export interface AppInsightsTelemetryOptions {
  /** `InstrumentationKey=…;IngestionEndpoint=https://…` (App Insights has local auth off: not a credential). */
  connectionString: string;
  /** Entra ID identity holding Monitoring Metrics Publisher on the component (managed identity in Azure). */
  credential: TokenCredential;
  /** Live Metrics (the portal's live stream). Default on. */
  liveMetrics?: boolean;
  /**
   * An extra trusted CA certificate (PEM) for the ingestion endpoint. Only for tests: the SDK refuses to
   * send a bearer token over plain HTTP, so a loopback ingestion server has to speak TLS with its own CA.
   */
  trustedCa?: string;
}

type Properties = Record<string, string | number | boolean>;

/**
 * The Telemetry port on Application Insights through `applicationinsights` v3 (the Azure Monitor
 * OpenTelemetry distro): custom events become `customEvents` rows, metrics `customMetrics` rows.
 *
 * - Set up once per process (`start`): the SDK registers global OpenTelemetry providers.
 * - Entra ID only: every upload carries a bearer token from `credential` (scope monitor.azure.com).
 * - Events run inside the W3C trace context of their `traceparent`, so the exporter writes the trace id as
 *   `operation_Id` and the span id as `operation_ParentId`: Transaction search by trace id finds them.
 * - Metrics go through the OpenTelemetry metrics pipeline, which pre-aggregates them per name and
 *   dimension set every export interval (60 s): one `customMetrics` row carries `valueSum`, `valueCount`,
 *   `valueMin` and `valueMax`, and no operation id (an aggregate spans many traces).
 * - String properties and dimensions are redacted (`redactText`) before they leave the process.
 * - Auto-instrumentation is off: the Functions host already records invocations, and this adapter is only
 *   the port. Live Metrics stays on.
 */
export class AppInsightsTelemetry implements Telemetry {
  private static current: { connectionString: string; telemetry: AppInsightsTelemetry } | undefined;

  /** The process-wide instance; a second call with the same connection string returns it. */
  static start(options: AppInsightsTelemetryOptions): AppInsightsTelemetry {
    const current = AppInsightsTelemetry.current;
    if (current) {
      if (current.connectionString !== options.connectionString)
        throw new Error('Application Insights is already set up in this process for another resource');
      return current.telemetry;
    }
    const telemetry = new AppInsightsTelemetry(options);
    AppInsightsTelemetry.current = { connectionString: options.connectionString, telemetry };
    return telemetry;
  }

  private readonly client: TelemetryClient;

  private constructor(options: AppInsightsTelemetryOptions) {
    const off = { enabled: false };
    this.client = new TelemetryClient(options.connectionString);
    this.client.config.aadTokenCredential = options.credential;
    this.client.config.azureMonitorOpenTelemetryOptions = {
      azureMonitorExporterOptions: {
        connectionString: options.connectionString,
        ...(options.trustedCa ? { tlsOptions: { ca: options.trustedCa } } : {}),
      },
      enableLiveMetrics: options.liveMetrics ?? true,
      enablePerformanceCounters: false,
      enableAutoCollectExceptions: false,
      instrumentationOptions: {
        http: off,
        azureSdk: off,
        mongoDb: off,
        mySql: off,
        postgreSql: off,
        redis: off,
        redis4: off,
        bunyan: off,
        winston: off,
      },
    };
    this.client.initialize();
  }

  event(event: TelemetryEvent): void {
    const properties = redacted(event.properties ?? {});
    this.inTrace(event.traceparent, () =>
      this.client.trackEvent({ name: event.name, properties, measurements: event.measurements }),
    );
  }

  /** The traceparent is not used: an aggregated metric has no single operation (see the class comment). */
  metric(name: string, value: number, dimensions: Record<string, string> = {}, _traceparent?: string): void {
    this.client.trackMetric({ name, value, properties: redacted(dimensions) });
  }

  /** Sends what is buffered now (events are batched, metrics exported every interval). */
  flush(): Promise<void> {
    return this.client.flush();
  }

  /** Flushes and stops the SDK; `start` may be called again afterwards. */
  async shutdown(): Promise<void> {
    if (AppInsightsTelemetry.current?.telemetry === this) AppInsightsTelemetry.current = undefined;
    await this.client.flush();
    await this.client.shutdown();
  }

  private inTrace(traceparent: string | undefined, track: () => void): void {
    const trace = parseTraceparent(traceparent);
    if (!trace) return track();
    const correlation = startOperation({
      traceId: trace.traceId,
      spanId: trace.spanId,
      traceFlags: Number.parseInt(trace.flags, 16),
    });
    wrapWithCorrelationContext(track, correlation ?? undefined)();
  }
}

function redacted(properties: Record<string, string | number | boolean | undefined>): Properties {
  const out: Properties = {};
  for (const [key, value] of Object.entries(properties)) {
    if (value === undefined) continue;
    out[key] = typeof value === 'string' ? redactText(value) : value;
  }
  return out;
}
