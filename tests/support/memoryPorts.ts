import type {
  DeadLetter,
  EnqueueOptions,
  PheromoneBus,
  TaskQueue,
  Telemetry,
  TelemetryEvent,
} from '../../shared/ports';
import type { PheromoneSignal } from '../../shared/schemas/pheromone';
import type { TaskMessage } from '../../shared/schemas/task';

/**
 * In-memory implementations of ANTS's own ports (not of any SDK) for tests of the HTTP layer and use
 * cases. The Service Bus and Event Hubs adapters are tested against the AMQP emulator instead.
 */
export class MemoryTaskQueue implements TaskQueue {
  readonly sent: { message: TaskMessage; options: EnqueueOptions }[] = [];
  readonly cancelled: string[] = [];
  readonly dead: DeadLetter[] = [];
  failNext: Error | undefined;
  private sequence = 0;

  async enqueue(message: TaskMessage, options: EnqueueOptions = {}) {
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    this.sent.push({ message, options });
    return options.scheduledFor ? { scheduledSequenceNumber: String(++this.sequence) } : {};
  }

  async cancelScheduled(_message: TaskMessage, sequenceNumber: string) {
    this.cancelled.push(sequenceNumber);
  }

  async deadLetters(tenantId: string) {
    return this.dead.filter((d) => d.tenantId === tenantId);
  }

  async resubmit(tenantId: string, taskId: string) {
    const index = this.dead.findIndex((d) => d.tenantId === tenantId && d.taskId === taskId);
    if (index < 0) return false;
    this.dead.splice(index, 1);
    return true;
  }
}

export class MemoryPheromoneBus implements PheromoneBus {
  readonly published: { signal: PheromoneSignal; traceparent?: string }[] = [];
  failNext: Error | undefined;

  async publish(signals: PheromoneSignal[], traceparent?: string) {
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    for (const signal of signals) this.published.push({ signal, traceparent });
  }
}

export class MemoryTelemetry implements Telemetry {
  readonly events: TelemetryEvent[] = [];
  readonly metrics: { name: string; value: number; dimensions?: Record<string, string> }[] = [];

  event(event: TelemetryEvent) {
    this.events.push(event);
  }

  metric(name: string, value: number, dimensions?: Record<string, string>) {
    this.metrics.push({ name, value, dimensions });
  }

  named(name: string) {
    return this.events.filter((e) => e.name === name);
  }
}
