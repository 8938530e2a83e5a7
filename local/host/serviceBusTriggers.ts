import {
  ServiceBusClient,
  type ServiceBusReceivedMessage,
  type ServiceBusReceiver,
  type ServiceBusSessionReceiver,
} from '@azure/service-bus';
import type { ServiceBusFunction } from '../../functions/triggers/taskWorker';
import type { Settlement } from '../../shared/services/worker/settlement';
import type { HostLog } from './log';
import { TriggerGroup } from './triggerGroup';

/** How long a session worker waits for a next session or message before it looks again. */
const SESSION_IDLE_MS = 1000;

/**
 * The Service Bus half of the local host: peek-lock receivers that call the same function declarations
 * as Azure, with the trigger metadata the Functions binding provides, and settle by the function's
 * decision — complete, abandon (also on a throw), or dead-letter with reason and description.
 */
export class ServiceBusTriggers extends TriggerGroup {
  constructor(
    private readonly client: ServiceBusClient,
    log: HostLog,
  ) {
    super(log);
  }

  start(fn: ServiceBusFunction): void {
    if (fn.isSessionsEnabled) {
      for (let i = 0; i < fn.maxConcurrentCalls; i++) void this.sessionLoop(fn);
      return;
    }
    const receiver = this.client.createReceiver(fn.queueName, { receiveMode: 'peekLock' });
    const subscription = receiver.subscribe(
      {
        processMessage: (message) => this.inFlight.track(this.invoke(fn, receiver, message)),
        processError: async (args) => {
          if (!this.stopped) this.log.error(`[${fn.name}] ${args.error.message}`);
        },
      },
      { autoCompleteMessages: false, maxConcurrentCalls: fn.maxConcurrentCalls },
    );
    this.closers.push(async () => {
      await subscription.close();
      await receiver.close();
    });
  }

  /** One session at a time per loop, its messages strictly in order, then the next session. */
  private async sessionLoop(fn: ServiceBusFunction): Promise<void> {
    while (!this.stopped) {
      let receiver: ServiceBusSessionReceiver | undefined;
      try {
        receiver = await this.client.acceptNextSession(fn.queueName, {
          receiveMode: 'peekLock',
          maxAutoLockRenewalDurationInMs: 5 * 60_000,
        });
        const current = receiver;
        this.closers.push(() => current.close());
        while (!this.stopped) {
          const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: SESSION_IDLE_MS });
          if (!message) break;
          await this.inFlight.track(this.invoke(fn, receiver, message));
        }
      } catch (error) {
        if (!this.stopped && !isNoSession(error)) this.log.error(`[${fn.name}] ${(error as Error).message}`);
        if (!this.stopped && !receiver) await delay(SESSION_IDLE_MS);
      } finally {
        await receiver?.close().catch(() => undefined);
      }
    }
  }

  private async invoke(
    fn: ServiceBusFunction,
    receiver: ServiceBusReceiver,
    message: ServiceBusReceivedMessage,
  ): Promise<void> {
    const context = this.context(fn.name, {
      messageId: String(message.messageId ?? ''),
      // The JS SDK counts prior deliveries (0 on the first); the Functions binding counts this one too.
      deliveryCount: (message.deliveryCount ?? 0) + 1,
      enqueuedTimeUtc: message.enqueuedTimeUtc?.toISOString(),
      sequenceNumber: message.sequenceNumber?.toString(),
      sessionId: message.sessionId,
      applicationProperties: message.applicationProperties ?? {},
    });
    if (this.stopped) return receiver.abandonMessage(message).catch(() => undefined);
    let settlement: Settlement;
    try {
      settlement = await fn.process(message.body, context);
    } catch (error) {
      settlement = { action: 'abandon', reason: (error as Error).message };
      this.log.error(`[${fn.name}] ${(error as Error).stack ?? error}`);
    }
    if (this.stopped) return;
    switch (settlement.action) {
      case 'complete':
        return receiver.completeMessage(message);
      case 'abandon':
        return receiver.abandonMessage(message);
      case 'deadLetter':
        return receiver.deadLetterMessage(message, {
          deadLetterReason: settlement.reason,
          deadLetterErrorDescription: settlement.description,
        });
    }
  }
}

function isNoSession(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'SessionCannotBeLocked' || code === 'ServiceTimeout' || code === 'GeneralError';
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
