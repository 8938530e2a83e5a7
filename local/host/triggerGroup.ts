import { randomUUID } from 'node:crypto';
import { InvocationContext, type TriggerMetadata } from '@azure/functions';
import { InFlight } from './inflight';
import type { HostLog } from './log';

/**
 * What every non-HTTP trigger of the local host shares: invocation contexts built like the Functions
 * host builds them, the invocations still running, and the receivers to close once those have drained.
 */
export abstract class TriggerGroup {
  protected readonly closers: (() => Promise<void>)[] = [];
  protected readonly inFlight = new InFlight();

  constructor(protected readonly log: HostLog) {}

  protected get stopped(): boolean {
    return this.inFlight.stopped;
  }

  protected context(functionName: string, triggerMetadata?: TriggerMetadata): InvocationContext {
    return new InvocationContext({
      invocationId: randomUUID(),
      functionName,
      logHandler: (level, ...args) => this.log.fromFunction(functionName, level, args),
      triggerMetadata,
    });
  }

  async close(): Promise<void> {
    await this.inFlight.drain();
    await Promise.allSettled(this.closers.map((close) => close()));
  }
}
