import type { Connection, EventContext, Message, Receiver, Sender } from 'rhea';
import { Credit } from './amqp';
import { asEmulatorError } from './errors';

/**
 * The AMQP request/response pattern behind $cbs and $management: the client sends requests on one link
 * with `reply_to` naming its receiver link, and reads responses correlated by `correlation_id`.
 */

/** How a node names its status properties: Service Bus $management uses camelCase, $cbs and Event Hubs dashes. */
export type StatusStyle = 'camel' | 'dashed';

export interface Reply {
  status: number;
  description?: string;
  condition?: string;
  body?: unknown;
}

export type RequestHandler = (request: Message) => Reply;

interface ReplyLink {
  credit: Credit;
  backlog: Message[];
}

const routers = new WeakMap<Connection, Map<string, ReplyLink>>();

function routerOf(connection: Connection): Map<string, ReplyLink> {
  let router = routers.get(connection);
  if (!router) {
    router = new Map();
    routers.set(connection, router);
  }
  return router;
}

/**
 * A client receiver on a request/response node: replies addressed to it (by target address or name) go
 * here. Returns what to do when the link goes.
 */
export function registerReplyLink(sender: Sender): () => void {
  const link: ReplyLink = { credit: new Credit(sender), backlog: [] };
  const router = routerOf(sender.connection);
  const address = sender.target?.address;
  if (address) router.set(address, link);
  router.set(sender.name, link);
  sender.on('sendable', () => flush(link));
  return () => {
    if (address && router.get(address) === link) router.delete(address);
    if (router.get(sender.name) === link) router.delete(sender.name);
  };
}

function flush(link: ReplyLink): void {
  while (link.backlog.length > 0 && link.credit.available() > 0) link.credit.send(link.backlog.shift()!);
}

/** Serves requests arriving on a client sender of a request/response node. */
export function serveRequests(receiver: Receiver, style: StatusStyle, handle: RequestHandler): void {
  receiver.on('message', (context: EventContext) => {
    const request = context.message!;
    context.delivery!.accept();
    let reply: Reply;
    try {
      reply = handle(request);
    } catch (err) {
      const error = asEmulatorError(err);
      reply = { status: error.status, condition: error.condition, description: error.message };
    }
    respond(receiver.connection, request, style, reply);
  });
}

function respond(connection: Connection, request: Message, style: StatusStyle, reply: Reply): void {
  const replyTo = request.reply_to as string | undefined;
  const link = replyTo === undefined ? undefined : routerOf(connection).get(replyTo);
  // A request nobody can read the answer to is a client bug; the client times out, there is no one else to tell.
  if (!link) return;
  const properties: Record<string, unknown> =
    style === 'camel'
      ? { statusCode: reply.status, statusDescription: reply.description ?? '' }
      : { 'status-code': reply.status, 'status-description': reply.description ?? '' };
  if (reply.condition) properties[style === 'camel' ? 'errorCondition' : 'error-condition'] = reply.condition;
  link.backlog.push({
    to: replyTo,
    correlation_id: request.message_id,
    application_properties: properties,
    body: reply.body ?? null,
  } as Message);
  flush(link);
}
