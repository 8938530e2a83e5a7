/**
 * What the worker decided about one Service Bus message. The trigger adapter turns it into the broker
 * operation: complete, abandon (redeliver) or dead-letter with a reason. Returning a value instead of
 * settling here keeps the use case free of the SDK and lets every host settle the same way.
 */
export type Settlement =
  | { action: 'complete'; reason: string }
  | { action: 'abandon'; reason: string }
  | { action: 'deadLetter'; reason: string; description: string };

/** What the trigger knows about the delivery (Functions `triggerMetadata`). */
export interface Delivery {
  messageId: string;
  deliveryCount: number;
  maxDeliveryCount: number;
  enqueuedTime?: Date;
  traceparent?: string;
}

export const complete = (reason: string): Settlement => ({ action: 'complete', reason });
export const deadLetter = (reason: string, description: string): Settlement => ({
  action: 'deadLetter',
  reason,
  description,
});
