import { foldSignal } from '../../../shared/domain/trail';
import { processTask } from '../../../shared/services/worker/processTask';
import { DEFAULT_WORKER_POLICY } from '../../../shared/services/worker/policy';
import { SwarmView } from '../../../shared/services/swarmView';
import { anAgent, aSignal, aTask } from '../../support/builders';
import { startHarness, type Harness } from '../../support/swarmHarness';

/**
 * The worker's rules against real Cosmos stores, one delivery at a time: what a message does to the task
 * and the agent when it is redelivered, duplicated, unservable or meets danger.
 */
describe('processTask', () => {
  let h: Harness;
  let n = 0;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  async function setUp(agentOverrides = {}, taskOverrides = {}) {
    const tenantId = `w${++n}`;
    const now = h.clock.now().toISOString();
    const agent = anAgent({ id: `agent-${n}`, tenantId, stateSince: now, ...agentOverrides });
    await h.swarm.agents.create(agent);
    const task = aTask({ id: `task-${n}`, tenantId, createdAt: now, updatedAt: now, ...taskOverrides });
    await h.swarm.tasks.create(task);
    const message = {
      taskId: task.id,
      tenantId,
      taskType: task.taskType,
      priority: task.priority,
      attempt: 0,
    };
    return { tenantId, agent, task, message, view: new SwarmView(h.swarm, 0) };
  }
  const delivery = (messageId: string, deliveryCount = 1) => ({
    messageId,
    deliveryCount,
    maxDeliveryCount: 3,
  });

  it('completes a task once; a copy of its message afterwards changes nothing', async () => {
    const { tenantId, task, message, view, agent } = await setUp();
    expect(await processTask(h.swarm, view, message, delivery('m1'))).toEqual({
      action: 'complete',
      reason: 'completed',
    });
    const copy = await processTask(h.swarm, view, message, delivery('m1-copy'));
    expect(copy).toEqual({ action: 'complete', reason: 'task is already completed' });
    const stored = (await h.swarm.tasks.get(tenantId, task.id))!.doc;
    expect(stored.history.filter((e) => e.to === 'completed')).toHaveLength(1);
    const after = (await h.swarm.agents.get(tenantId, agent.id))!.doc;
    expect(after.activeTaskIds).toEqual([]);
    expect(after.stats[task.taskType]).toMatchObject({ successes: 1, failures: 0 });
  });

  it('takes a task back only on redelivery of the message that claimed it, never twice on the agent', async () => {
    const { tenantId, task, message, view, agent } = await setUp(
      { state: 'active', activeTaskIds: ['task-2'] },
      { status: 'running', assignedAgentId: 'agent-2', attempts: 1, claimMessageId: 'm-owner' },
    );
    const other = await processTask(h.swarm, view, message, delivery('m-other'));
    expect(other).toEqual({ action: 'complete', reason: 'another delivery holds this task' });
    expect((await h.swarm.tasks.get(tenantId, task.id))!.doc.status).toBe('running');

    const again = await processTask(h.swarm, view, message, delivery('m-owner', 2));
    expect(again.action).toBe('complete');
    const stored = (await h.swarm.tasks.get(tenantId, task.id))!.doc;
    expect(stored.status).toBe('completed');
    expect(stored.attempts).toBe(2);
    expect(stored.history.map((e) => e.to)).toEqual(['queued', 'queued', 'claimed', 'running', 'completed']);
    expect((await h.swarm.agents.get(tenantId, agent.id))!.doc.activeTaskIds).toEqual([]);
  });

  it('dead-letters a message that is not a task message, or whose task does not exist, at once', async () => {
    const { view } = await setUp();
    expect(await processTask(h.swarm, view, { nope: true }, delivery('p1'))).toMatchObject({
      action: 'deadLetter',
      reason: 'InvalidMessage',
    });
    const ghost = { taskId: 'ghost', tenantId: 'nobody', taskType: 'x.y', priority: 5, attempt: 0 };
    expect(await processTask(h.swarm, view, ghost, delivery('p2'))).toMatchObject({
      action: 'deadLetter',
      reason: 'TaskNotFound',
    });
  });

  it('recruits a sleeping capable agent and defers the task with a named message', async () => {
    const { tenantId, task, message, view, agent } = await setUp({ state: 'sleeping' });
    const sent = h.queue.sent.length;
    expect(await processTask(h.swarm, view, message, delivery('r1'))).toEqual({
      action: 'complete',
      reason: 'deferred',
    });
    expect((await h.swarm.agents.get(tenantId, agent.id))!.doc.state).toBe('idle');
    const stored = (await h.swarm.tasks.get(tenantId, task.id))!.doc;
    expect(stored).toMatchObject({ status: 'deferred', deferrals: 1 });
    const resend = h.queue.sent[sent]!;
    expect(resend.options.messageId).toBe(`${task.id}:defer:1`);
    expect(resend.options.scheduledFor!.getTime()).toBeGreaterThan(h.clock.now().getTime());
    expect(h.bus.published.some((p) => p.signal.type === 'task' && p.signal.data.taskId === task.id)).toBe(
      true,
    );
  });

  it('dead-letters as unservable after the maximum number of deferrals', async () => {
    const { tenantId, task, message, view } = await setUp(
      { capabilities: ['something_else'] },
      { status: 'deferred', deferrals: DEFAULT_WORKER_POLICY.maxDeferrals },
    );
    const result = await processTask(h.swarm, view, message, delivery('d1'));
    expect(result).toMatchObject({ action: 'deadLetter', reason: 'NoCapableAgent' });
    expect((await h.swarm.tasks.get(tenantId, task.id))!.doc).toMatchObject({
      status: 'dead_lettered',
      error: { code: 'NoCapableAgent' },
    });
    // Redelivered by a host that could not dead-letter it, the same message gets the same answer.
    expect(await processTask(h.swarm, view, message, delivery('d1', 2))).toMatchObject({
      action: 'deadLetter',
    });
  });

  it('avoids a location while its danger is strong, coming back when it has calmed', async () => {
    const { tenantId, task, message, view } = await setUp();
    const now = h.clock.now();
    const signal = aSignal({
      tenantId,
      type: 'danger',
      location: task.location,
      strength: 1,
      ttlSeconds: 60,
      depositedAt: now.toISOString(),
    });
    await h.swarm.field.create(foldSignal(undefined, signal, now).trail);
    const sent = h.queue.sent.length;
    expect(await processTask(h.swarm, view, message, delivery('a1'))).toEqual({
      action: 'complete',
      reason: 'deferred',
    });
    const delayMs = h.queue.sent[sent]!.options.scheduledFor!.getTime() - now.getTime();
    expect(delayMs).toBe(30_000);
    expect((await h.swarm.tasks.get(tenantId, task.id))!.doc.status).toBe('deferred');
  });

  it('abandons on a dependency failure, and on the last delivery records the failure on the task', async () => {
    const { tenantId, task, message } = await setUp();
    const field = Object.assign(Object.create(h.swarm.field), {
      live: () => Promise.reject(new Error('store unavailable')),
    });
    const failing = { ...h.swarm, field };
    const view = new SwarmView(failing, 0);
    expect(await processTask(failing, view, message, delivery('f1', 1))).toEqual({
      action: 'abandon',
      reason: 'store unavailable',
    });
    const last = await processTask(failing, view, message, delivery('f1', 3));
    expect(last).toMatchObject({ action: 'deadLetter', reason: 'ProcessingFailed' });
    expect((await h.swarm.tasks.get(tenantId, task.id))!.doc).toMatchObject({
      status: 'dead_lettered',
      error: { code: 'ProcessingFailed', message: 'store unavailable' },
    });
  });
});
