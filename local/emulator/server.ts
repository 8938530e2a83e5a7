import type { Server, Socket } from 'net';
import { create_container } from 'rhea';
import type { Connection, Container, EventContext, Receiver, Sender, Session, link as Link } from 'rhea';
import { refuseLink } from './amqp';
import { handleCbsRequest } from './cbs';
import type { EmulatorEntities } from './entities';
import { Condition, EmulatorError, asEmulatorError } from './errors';
import { EventHub } from './eventHub';
import { attachHubReceiver, attachHubSender } from './eventHubLinks';
import { handleHubManagementRequest } from './eventHubManagement';
import { handleManagementRequest } from './management';
import { ServiceBusQueue } from './queue';
import { registerReplyLink, serveRequests } from './requestResponse';
import { attachQueueReceiver, attachQueueSender } from './serviceBusLinks';

/**
 * The AMQP listener: accepts connections (SASL ANONYMOUS, as the SDKs use with CBS; no TLS), answers every link attach by
 * routing its address to a queue, a hub, or the $cbs / $management nodes, and runs the clock that expires
 * locks, messages and events. An address that names nothing is refused with amqp:not-found.
 */

/** How often deadlines (locks, schedules, TTLs, session locks, retention) are checked. */
const TICK_MS = 100;
/** Unsettled deliveries a session can hold (see listen). */
const SESSION_DELIVERY_SLOTS = 8_192;
/** How long clients get to answer the close handshake before their sockets are cut. */
const CLOSE_GRACE_MS = 1_000;

type Route =
  | { kind: 'cbs' }
  | { kind: 'hubManagement' }
  | { kind: 'queueManagement'; queue: ServiceBusQueue }
  | { kind: 'queue'; queue: ServiceBusQueue }
  | { kind: 'hub'; hub: EventHub; partitionId?: string }
  | { kind: 'hubPartition'; hub: EventHub; consumerGroup: string; partitionId: string };

export class EmulatorServer {
  private readonly container: Container;
  private readonly queues = new Map<string, ServiceBusQueue>();
  private readonly hubs = new Map<string, EventHub>();
  private readonly sockets = new Set<Socket>();
  private readonly connections = new Set<Connection>();
  /** Link clean-ups by session and connection: rhea reports no link close when those end first. */
  private readonly cleanups = new Map<Session | Connection, Set<() => void>>();
  private listener: Server | undefined;
  private ticker: NodeJS.Timeout | undefined;

  constructor(
    entities: EmulatorEntities,
    private readonly log: (line: string) => void,
  ) {
    for (const queue of entities.queues)
      this.queues.set(queue.name.toLowerCase(), new ServiceBusQueue(queue));
    for (const hub of entities.hubs) this.hubs.set(hub.name.toLowerCase(), new EventHub(hub));
    this.container = create_container({
      id: 'ants-emulator',
      // The broker settles every transfer itself, and tells abandon (modified) from release apart.
      autoaccept: false,
      treat_modified_as_released: false,
      tcp_no_delay: true,
    });
    this.container.on('connection_open', (context: EventContext) => {
      this.connections.add(context.connection);
      this.log(`connection ${context.connection.options.id} opened`);
    });
    this.container.on('session_close', (context: EventContext) => this.runCleanups(context.session!));
    this.container.on('connection_close', (context: EventContext) => this.connectionGone(context.connection));
    this.container.on('disconnected', (context: EventContext) => this.connectionGone(context.connection));
    this.container.on('receiver_open', (context: EventContext) => this.attach(context.receiver!));
    this.container.on('sender_open', (context: EventContext) => this.attach(context.sender!));
    this.container.on('error', (err: Error) => this.log(`AMQP error: ${err.message}`));
  }

  async listen(host: string, port: number): Promise<number> {
    // rhea frees a session's delivery slots in order only, so one message held for minutes blocks a busy
    // peek-lock link once the later deliveries fill the slots: 8 Ki of them per session, not 2 Ki.
    const listener = this.container.listen({
      host,
      port,
      session_buffer_size: { outgoing: SESSION_DELIVERY_SLOTS },
    });
    this.listener = listener;
    listener.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      listener.once('listening', resolve);
      listener.once('error', reject);
    });
    this.ticker = setInterval(() => this.tick(), TICK_MS);
    const address = listener.address();
    return typeof address === 'object' && address ? address.port : port;
  }

  async close(): Promise<void> {
    clearInterval(this.ticker);
    for (const connection of this.connections) connection.close();
    const listener = this.listener;
    if (!listener) return;
    const cut = setTimeout(() => {
      for (const socket of this.sockets) socket.destroy();
    }, CLOSE_GRACE_MS);
    await new Promise<void>((resolve) => listener.close(() => resolve()));
    clearTimeout(cut);
  }

  private tick(): void {
    const now = Date.now();
    for (const queue of this.queues.values()) queue.tick(now);
    for (const hub of this.hubs.values()) hub.tick(now);
  }

  private attach(link: Link): void {
    // The client's own addresses are echoed, as Azure does; the broker fills in the rest per route.
    const address = link.is_sender() ? link.source?.address : link.target?.address;
    link.set_source({ address: link.source?.address, filter: link.source?.filter });
    link.set_target({ address: link.target?.address });
    try {
      const cleanup = link.is_sender()
        ? this.attachOutgoing(link as Sender, address)
        : this.attachIncoming(link as Receiver, address);
      this.whenGone(link, cleanup);
      this.log(`${link.is_sender() ? 'receiver' : 'sender'} attached to '${address}'`);
    } catch (err) {
      const error = asEmulatorError(err);
      this.whenGone(link, undefined);
      this.log(
        `refused ${link.is_sender() ? 'receiver' : 'sender'} on '${address}': ${error.condition} ${error.message}`,
      );
      refuseLink(link, error.toAmqp());
    }
  }

  /** A client sender: messages or requests come in. */
  private attachIncoming(link: Receiver, address: string | undefined): undefined {
    const route = this.route(address);
    switch (route.kind) {
      case 'cbs':
        serveRequests(link, 'dashed', handleCbsRequest);
        return undefined;
      case 'hubManagement':
        serveRequests(link, 'dashed', (request) =>
          handleHubManagementRequest((name) => this.hubs.get(name.toLowerCase()), request),
        );
        return undefined;
      case 'queueManagement':
        serveRequests(link, 'camel', (request) => handleManagementRequest(route.queue, request));
        return undefined;
      case 'queue':
        attachQueueSender(link, route.queue);
        return undefined;
      case 'hub':
        attachHubSender(link, route.hub, route.partitionId);
        return undefined;
      case 'hubPartition':
        throw new EmulatorError(
          Condition.notAllowed,
          `Events cannot be sent to the consumer group address '${address}'.`,
        );
    }
  }

  /** A client receiver: messages or responses go out. */
  private attachOutgoing(link: Sender, address: string | undefined): () => void {
    const route = this.route(address);
    switch (route.kind) {
      case 'cbs':
      case 'hubManagement':
      case 'queueManagement':
        return registerReplyLink(link);
      case 'queue':
        return attachQueueReceiver(link, route.queue);
      case 'hubPartition':
        return attachHubReceiver(link, route.hub, route.consumerGroup, route.partitionId);
      case 'hub':
        throw new EmulatorError(
          Condition.notAllowed,
          `Receive from '${address}' through a consumer group: '<hub>/ConsumerGroups/<group>/Partitions/<id>'.`,
        );
    }
  }

  private route(address: string | undefined): Route {
    if (address === '$cbs') return { kind: 'cbs' };
    if (address === '$management') return { kind: 'hubManagement' };
    const management = address?.endsWith('/$management') ?? false;
    const parts = (management ? address!.slice(0, -'/$management'.length) : (address ?? '')).split('/');
    const lower = parts.map((p) => p.toLowerCase());
    const queue = this.queues.get(lower[0]!);
    if (queue && parts.length <= 2) {
      const entity =
        parts.length === 1 ? queue : lower[1] === '$deadletterqueue' ? queue.deadLetterQueue : undefined;
      if (entity)
        return management ? { kind: 'queueManagement', queue: entity } : { kind: 'queue', queue: entity };
    }
    const hub = this.hubs.get(lower[0]!);
    if (hub && !management) {
      if (parts.length === 1) return { kind: 'hub', hub };
      if (parts.length === 3 && lower[1] === 'partitions')
        return { kind: 'hub', hub, partitionId: parts[2]! };
      if (parts.length === 5 && lower[1] === 'consumergroups' && lower[3] === 'partitions') {
        return { kind: 'hubPartition', hub, consumerGroup: parts[2]!, partitionId: parts[4]! };
      }
    }
    throw new EmulatorError(
      Condition.notFound,
      `The messaging entity 'sb://localhost/${address ?? ''}' could not be found (ANTS emulator).`,
    );
  }

  /** Runs a link's clean-up once, when the link, its session or its connection ends, whichever is first. */
  private whenGone(link: Link, cleanup: (() => void) | undefined): void {
    const scopes = [link.session, link.connection];
    const run = () => {
      for (const scope of scopes) {
        const set = this.cleanups.get(scope);
        set?.delete(run);
        if (set?.size === 0) this.cleanups.delete(scope);
      }
      cleanup?.();
    };
    link.once(link.is_sender() ? 'sender_close' : 'receiver_close', run);
    for (const scope of scopes) {
      let set = this.cleanups.get(scope);
      if (!set) {
        set = new Set();
        this.cleanups.set(scope, set);
      }
      set.add(run);
    }
  }

  private runCleanups(scope: Session | Connection): void {
    for (const run of [...(this.cleanups.get(scope) ?? [])]) run();
  }

  private connectionGone(connection: Connection): void {
    if (!this.connections.delete(connection)) return;
    this.runCleanups(connection);
    this.log(`connection ${connection.options.id} closed`);
  }
}
