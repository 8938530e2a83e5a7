import type { AgentInstance } from './schemas/agent';
import type { PheromoneSignal, PheromoneTrail, TrailQuery } from './schemas/pheromone';
import type { TaskDocument, TaskMessage, TaskStatus } from './schemas/task';

/**
 * What the use cases need from the outside world. Domain code never sees these; services receive them.
 * Every store write that changes state is a compare-and-set on the document's etag.
 */

export interface Clock {
  now(): Date;
}

/** A number in [0, 1); injected so decisions are reproducible in tests and benchmarks. */
export type Random = () => number;

export interface Versioned<T> {
  doc: T;
  etag: string;
}

/** Thrown by a store when the etag no longer matches (HTTP 412 from Cosmos). */
export class ConcurrencyConflict extends Error {
  constructor(what: string) {
    super(`${what} changed concurrently`);
    this.name = 'ConcurrencyConflict';
  }
}

/** Thrown by a store when creating a document whose id exists (HTTP 409 from Cosmos). */
export class AlreadyExists extends Error {
  constructor(what: string) {
    super(`${what} already exists`);
    this.name = 'AlreadyExists';
  }
}

export interface Page<T> {
  items: T[];
  continuationToken?: string;
}

export interface TaskStore {
  create(task: TaskDocument): Promise<Versioned<TaskDocument>>;
  get(tenantId: string, taskId: string): Promise<Versioned<TaskDocument> | undefined>;
  /** Replaces only if `etag` still matches; throws ConcurrencyConflict otherwise. */
  replace(task: TaskDocument, etag: string): Promise<Versioned<TaskDocument>>;
  list(
    tenantId: string,
    query: { status?: TaskStatus; limit: number; continuationToken?: string },
  ): Promise<Page<TaskDocument>>;
  /** How many of the tenant's tasks have a status, or completed since a time (an aggregate, not a list). */
  count(tenantId: string, filter: { status?: TaskStatus; completedSince?: string }): Promise<number>;
}

export interface AgentStore {
  create(agent: AgentInstance): Promise<Versioned<AgentInstance>>;
  get(tenantId: string, agentId: string): Promise<Versioned<AgentInstance> | undefined>;
  replace(agent: AgentInstance, etag: string): Promise<Versioned<AgentInstance>>;
  list(
    tenantId: string,
    filter?: { state?: string; agentType?: string },
  ): Promise<Versioned<AgentInstance>[]>;
  /** Every tenant that has agents: the lifecycle timer walks them one partition at a time. */
  tenants(): Promise<string[]>;
}

export interface PheromoneField {
  get(tenantId: string, trailId: string): Promise<Versioned<PheromoneTrail> | undefined>;
  create(trail: PheromoneTrail): Promise<Versioned<PheromoneTrail>>;
  replace(trail: PheromoneTrail, etag: string): Promise<Versioned<PheromoneTrail>>;
  /** Trails not yet expired at `now`, filtered by type and location; evaporation is the caller's job. */
  live(tenantId: string, query: Omit<TrailQuery, 'minStrength'>, now: Date): Promise<PheromoneTrail[]>;
}

export interface EnqueueOptions {
  /** Service Bus scheduled enqueue time. */
  scheduledFor?: Date;
  sessionId?: string;
  traceparent?: string;
  /**
   * Overrides the message id (default: the task id, so a second submission of one task is dropped by
   * duplicate detection). The worker names its retries and deferrals so they are not dropped.
   */
  messageId?: string;
  /** Integration builds go to their own queue (seed §15.2), whatever their priority. */
  queue?: 'integrations';
}

export interface DeadLetter {
  taskId: string;
  tenantId: string;
  queue: string;
  reason: string;
  description: string;
  deadLetteredAt: string;
  sequenceNumber: string;
}

export interface TaskQueue {
  /** Sends with messageId = taskId (+ attempt for retries) so duplicate sends are dropped by the broker. */
  enqueue(message: TaskMessage, options?: EnqueueOptions): Promise<{ scheduledSequenceNumber?: string }>;
  /** Cancels a scheduled message that has not been delivered yet. */
  cancelScheduled(message: TaskMessage, sequenceNumber: string): Promise<void>;
  deadLetters(tenantId: string): Promise<DeadLetter[]>;
  /** Moves a dead-lettered task back onto its queue; false when no such dead letter exists. */
  resubmit(tenantId: string, taskId: string): Promise<boolean>;
}

export interface PheromoneBus {
  publish(signals: PheromoneSignal[], traceparent?: string): Promise<void>;
}

export interface ModelRequest {
  agentType: string;
  models: string[];
  taskType: string;
  prompt: string;
  payload: Record<string, unknown>;
  attempt: number;
}

export interface ModelResponse {
  model: string;
  content: Record<string, unknown>;
  confidence: number;
  promptTokens: number;
  completionTokens: number;
}

export interface ModelClient {
  complete(request: ModelRequest): Promise<ModelResponse>;
}

export interface TelemetryEvent {
  name: string;
  properties?: Record<string, string | number | boolean | undefined>;
  measurements?: Record<string, number>;
  traceparent?: string;
}

export interface Telemetry {
  event(event: TelemetryEvent): void;
  metric(name: string, value: number, dimensions?: Record<string, string>, traceparent?: string): void;
}
