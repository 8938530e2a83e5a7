import type { InvocationContext } from '@azure/functions';
import type { Delivery } from '../../shared/services/worker/settlement';

/**
 * Reads the Service Bus trigger metadata the Functions host (and the local host) provides. Names follow
 * the Functions Service Bus binding: `deliveryCount`, `messageId`, `enqueuedTimeUtc`,
 * `applicationProperties`.
 */
export function deliveryOf(context: InvocationContext, maxDeliveryCount: number): Delivery {
  const meta = (context.triggerMetadata ?? {}) as Record<string, unknown>;
  const properties = (meta.applicationProperties ?? {}) as Record<string, unknown>;
  const enqueued = meta.enqueuedTimeUtc;
  const traceparent = properties.traceparent ?? properties['Diagnostic-Id'];
  return {
    messageId: String(meta.messageId ?? context.invocationId),
    deliveryCount: Number(meta.deliveryCount ?? 1),
    maxDeliveryCount,
    enqueuedTime: typeof enqueued === 'string' || enqueued instanceof Date ? new Date(enqueued) : undefined,
    traceparent: typeof traceparent === 'string' ? traceparent : undefined,
  };
}
