import type { Message } from 'rhea';
import { decode, encode, toNumber, typed, uuidToString } from './amqp';
import { Condition, EmulatorError } from './errors';
import type { Disposition, ServiceBusQueue } from './queue';
import type { Reply } from './requestResponse';

/**
 * Service Bus `<entity>/$management` operations, with the request and response shapes the JS SDK's
 * ManagementClient uses (application property `operation`, a map body with dashed keys). Operations the
 * emulator does not implement are refused with amqp:not-implemented naming the operation.
 */

type Body = Record<string, unknown>;
type Operation = (queue: ServiceBusQueue, body: Body, request: Message, now: number) => Reply;

const ok = (body?: unknown): Reply => ({ status: 200, description: 'OK', body });

function field<T>(body: Body, name: string, check: (v: unknown) => v is T, what: string): T {
  const value = body[name];
  if (!check(value))
    throw new EmulatorError(Condition.argumentError, `The request field '${name}' must be ${what}.`);
  return value;
}
const isArray = (v: unknown): v is unknown[] => Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const optionalString = (body: Body, name: string): string | undefined =>
  body[name] === undefined || body[name] === null ? undefined : field(body, name, isString, 'a string');

const lockTokens = (body: Body) =>
  field(body, 'lock-tokens', isArray, 'an array of lock tokens').map(uuidToString);
const sequenceNumbers = (body: Body) =>
  field(body, 'sequence-numbers', isArray, 'an array of longs').map(toNumber);
const associatedLink = (request: Message) =>
  request.application_properties?.['associated-link-name'] as string | undefined;

const dispositions: Record<string, Disposition> = {
  completed: 'completed',
  abandoned: 'abandoned',
  defered: 'defered',
  suspended: 'suspended',
};

const operations: Record<string, Operation> = {
  'com.microsoft:peek-message': (queue, body) => {
    const from = toNumber(body['from-sequence-number']);
    const count = toNumber(body['message-count']);
    const omitBody = body['omit-message-body'] === true;
    const messages = queue.peek(from, count, optionalString(body, 'session-id'));
    if (messages.length === 0) return { status: 204, description: 'No messages to peek' };
    return ok({
      messages: messages.map((m) => ({
        message: encode(omitBody ? ({ ...m, body: undefined } as Message) : m),
      })),
    });
  },

  'com.microsoft:renew-lock': (queue, body, _request, now) =>
    ok({ expirations: typed.timestampArray(lockTokens(body).map((token) => queue.renewLock(token, now))) }),

  'com.microsoft:schedule-message': (queue, body, _request, now) => {
    const entries = field(body, 'messages', isArray, 'a list of messages') as Body[];
    const seqs = entries.map((entry) =>
      queue.accept(decode(field(entry, 'message', Buffer.isBuffer, 'binary')), now),
    );
    return ok({ 'sequence-numbers': typed.longArray(seqs) });
  },

  'com.microsoft:cancel-scheduled-message': (queue, body) => {
    for (const seq of sequenceNumbers(body)) queue.cancelScheduled(seq);
    return ok();
  },

  'com.microsoft:receive-by-sequence-number': (queue, body, _request, now) => {
    const peekLock = toNumber(body['receiver-settle-mode'] ?? 1) === 1;
    const delivered = queue.receiveDeferred(
      sequenceNumbers(body),
      peekLock,
      optionalString(body, 'session-id'),
      now,
    );
    return ok({
      messages: delivered.map((d) => ({
        message: encode(d.amqp),
        ...(d.lockToken ? { 'lock-token': typed.uuid(d.lockToken) } : {}),
      })),
    });
  },

  'com.microsoft:update-disposition': (queue, body, _request, now) => {
    const status = field(body, 'disposition-status', isString, 'a disposition status');
    const disposition = dispositions[status];
    if (!disposition)
      throw new EmulatorError(Condition.argumentError, `Unknown disposition-status '${status}'.`);
    const options = {
      deadLetterReason: optionalString(body, 'deadletter-reason'),
      deadLetterDescription: optionalString(body, 'deadletter-description'),
      propertiesToModify: (body['properties-to-modify'] ?? undefined) as Record<string, unknown> | undefined,
    };
    for (const token of lockTokens(body)) queue.settle(token, disposition, options, now);
    return ok();
  },

  'com.microsoft:renew-session-lock': (queue, body, request, now) => {
    const session = queue.heldSession(
      field(body, 'session-id', isString, 'a session id'),
      now,
      associatedLink(request),
    );
    return ok({ expiration: typed.timestamp(queue.renewSessionLock(session, now)) });
  },

  'com.microsoft:set-session-state': (queue, body, request, now) => {
    const session = queue.heldSession(
      field(body, 'session-id', isString, 'a session id'),
      now,
      associatedLink(request),
    );
    const state = body['session-state'];
    queue.setSessionState(session, Buffer.isBuffer(state) ? Buffer.from(state) : undefined);
    return ok();
  },

  'com.microsoft:get-session-state': (queue, body, request, now) => {
    const session = queue.heldSession(
      field(body, 'session-id', isString, 'a session id'),
      now,
      associatedLink(request),
    );
    return ok({ 'session-state': session.state ?? null });
  },
};

export function handleManagementRequest(queue: ServiceBusQueue, request: Message): Reply {
  const operation = String(request.application_properties?.operation);
  const run = operations[operation];
  if (!run) {
    throw new EmulatorError(
      Condition.notImplemented,
      `The $management operation '${operation}' on '${queue.path}' is not supported by the ANTS emulator.`,
    );
  }
  const body = (request.body ?? {}) as Body;
  return run(queue, body, request, Date.now());
}
