import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Telemetry, TelemetryEvent } from '../../ports';
import { redactText } from '../../guardrails/redact';
import { parseTraceparent } from '../../telemetry/traceContext';

/**
 * Local telemetry: one JSON line per record in `.ants/telemetry.jsonl`, so a developer sees what Azure
 * would see without Azure. Appends are synchronous on purpose: records are small, and a crash must not
 * lose the lines that explain it.
 */
export class JsonlTelemetry implements Telemetry {
  constructor(
    private readonly file: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    mkdirSync(dirname(file), { recursive: true });
  }

  event(event: TelemetryEvent): void {
    this.write('event', event.name, event.traceparent, { ...event.properties }, event.measurements);
  }

  metric(name: string, value: number, dimensions: Record<string, string> = {}, traceparent?: string): void {
    this.write('metric', name, traceparent, { ...dimensions }, { value });
  }

  private write(
    kind: string,
    name: string,
    traceparent: string | undefined,
    properties: Record<string, unknown>,
    measurements?: Record<string, number>,
  ): void {
    const trace = parseTraceparent(traceparent);
    for (const [key, value] of Object.entries(properties)) {
      if (typeof value === 'string') properties[key] = redactText(value);
    }
    const record = {
      kind,
      name,
      time: this.now().toISOString(),
      traceId: trace?.traceId ?? null,
      spanId: trace?.spanId ?? null,
      properties,
      ...(measurements ? { measurements } : {}),
    };
    appendFileSync(this.file, JSON.stringify(record) + '\n');
  }
}
