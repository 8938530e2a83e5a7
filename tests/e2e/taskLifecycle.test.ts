import { ServiceBusClient } from '@azure/service-bus';
import { FINAL, startE2E, type E2E } from '../support/e2e';

const reconcile = (extra: Record<string, unknown> = {}) => ({
  taskType: 'finance.reconciliation',
  requiredCapabilities: ['reconciliation'],
  priority: 6,
  payload: { account: '4711' },
  ...extra,
});

describe('the swarm loop, end to end over HTTP', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ workerPolicy: { dangerTtlSeconds: 3 } });
  });
  afterAll(() => e.close());

  it('completes a task with a capable agent and a full history', async () => {
    const id = await e.submit(reconcile());
    const task = await e.waitForTask(id, (t) => t.status === 'completed');
    expect(task.assignedAgentId).toMatch(/^finance\.reconciliation\./);
    expect(task.history.map((h: any) => h.to)).toEqual(['queued', 'claimed', 'running', 'completed']);
    expect(task.result.output).toEqual(expect.objectContaining({ decision: expect.any(String) }));
    expect(task.attempts).toBe(1);
    const agents = await e.api('GET', '/v1/agents?agentType=finance.reconciliation');
    const agent = agents.body.items.find((a: any) => a.id === task.assignedAgentId);
    expect(agent.activeTaskIds).toEqual([]);
    expect(agent.stats['finance.reconciliation'].successes).toBeGreaterThanOrEqual(1);
  });

  it('retries a task that fails once and completes it on the second attempt', async () => {
    const id = await e.submit(
      reconcile({ location: 'finance.flaky', payload: { simulate: { failAttempts: 1 } } }),
    );
    const task = await e.waitForTask(id, (t) => FINAL.has(t.status), 30_000);
    expect(task.status).toBe('completed');
    expect(task.attempts).toBe(2);
    expect(task.history.map((h: any) => h.to)).toEqual(
      expect.arrayContaining(['running', 'queued', 'claimed', 'running', 'completed']),
    );
    const danger = await e.api('GET', '/v1/pheromones?type=danger&location=finance.flaky');
    expect(danger.status).toBe(200);
  });

  it('dead-letters a task that always fails, with its reason, and resubmits it', async () => {
    const id = await e.submit(
      reconcile({ location: 'finance.broken', payload: { simulate: { failAttempts: 99 } } }),
    );
    const task = await e.waitForTask(id, (t) => t.status === 'dead_lettered', 60_000);
    expect(task.attempts).toBe(3);
    expect(task.error.code).toBe('MaxAttemptsExceeded');
    let letters: any[] = [];
    for (let i = 0; i < 50 && !letters.some((l) => l.taskId === id); i++) {
      letters = (await e.api('GET', '/v1/deadletters')).body.items;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(letters.find((l) => l.taskId === id)).toMatchObject({ reason: 'MaxAttemptsExceeded' });
    expect((await e.api('POST', `/v1/deadletters/${id}/resubmit`)).status).toBe(202);
    const again = await e.waitForTask(
      id,
      (t) => t.history.at(-1).from === 'dead_lettered' || t.attempts > 0,
      10_000,
    );
    expect(again.history.some((h: any) => h.from === 'dead_lettered' && h.to === 'queued')).toBe(true);
  });

  it('dead-letters at once a failure that retrying cannot fix', async () => {
    const id = await e.submit(
      reconcile({ location: 'finance.scripted', payload: { simulate: { outcome: 'error' } } }),
    );
    const task = await e.waitForTask(id, (t) => t.status === 'dead_lettered', 20_000);
    expect(task.attempts).toBe(1);
  });

  it('completes a burst of 200 mixed tasks', async () => {
    const kinds = [
      { taskType: 'finance.reconciliation', requiredCapabilities: ['reconciliation'] },
      { taskType: 'crm.customer_support', requiredCapabilities: ['ticket_routing'] },
      { taskType: 'retail.inventory', requiredCapabilities: ['inventory_optimization'] },
      { taskType: 'it.incident_management', requiredCapabilities: ['incident_triage'] },
      { taskType: 'selfops.infraops', requiredCapabilities: ['health_checks'] },
    ];
    const started = Date.now();
    const ids: string[] = [];
    for (let batch = 0; batch < 10; batch++) {
      ids.push(
        ...(await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            e.submit({
              ...kinds[(batch * 20 + i) % kinds.length],
              priority: 1 + ((batch * 20 + i) % 10),
              payload: { n: i },
            }),
          ),
        )),
      );
    }
    const tasks = await Promise.all(ids.map((id) => e.waitForTask(id, (t) => FINAL.has(t.status), 90_000)));
    const seconds = (Date.now() - started) / 1000;
    expect(tasks.filter((t) => t.status !== 'completed')).toEqual([]);
    process.stdout.write(
      `burst: 200 tasks completed in ${seconds.toFixed(1)} s (${(200 / seconds).toFixed(1)} tasks/s)\n`,
    );
  }, 120_000);

  it("runs a session's tasks in submission order", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(
        await e.submit({
          taskType: 'crm.customer_support',
          requiredCapabilities: ['ticket_routing'],
          sessionId: 'onboarding-42',
          payload: { step: i, simulate: { latencyMs: (5 - i) * 30 } },
        }),
      );
    }
    const tasks = await Promise.all(ids.map((id) => e.waitForTask(id, (t) => t.status === 'completed')));
    const completed = tasks.map((t) => Date.parse(t.completedAt));
    expect(completed).toEqual([...completed].sort((a, b) => a - b));
    const started = tasks.map((t) => Date.parse(t.history.find((h: any) => h.to === 'running').at));
    for (let i = 1; i < 5; i++) expect(started[i]).toBeGreaterThanOrEqual(completed[i - 1]!);
  });

  it('does not run a scheduled task early, and never runs a cancelled one', async () => {
    const due = Date.now() + 2500;
    const scheduled = await e.submit(reconcile({ scheduledFor: new Date(due).toISOString() }));
    const cancelled = await e.submit(reconcile({ scheduledFor: new Date(due).toISOString() }));
    expect((await e.api('POST', `/v1/tasks/${cancelled}/cancel`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await e.api('GET', `/v1/tasks/${scheduled}`)).body.status).toBe('queued');
    const ran = await e.waitForTask(scheduled, (t) => t.status === 'completed', 15_000);
    expect(Date.parse(ran.history.find((h: any) => h.to === 'claimed').at)).toBeGreaterThanOrEqual(due - 50);
    await new Promise((r) => setTimeout(r, 1000));
    const never = (await e.api('GET', `/v1/tasks/${cancelled}`)).body;
    expect(never.status).toBe('cancelled');
    expect(never.history.map((h: any) => h.to)).toEqual(['queued', 'cancelled']);
  });

  it('never completes a task twice when its message is redelivered or sent again', async () => {
    const id = await e.submit(reconcile(), { 'idempotency-key': 'twice-1' });
    const done = await e.waitForTask(id, (t) => t.status === 'completed');
    const client = new ServiceBusClient(e.stack.settings.ServiceBusConnection!);
    const sender = client.createSender('ants-tasks');
    const body = {
      taskId: id,
      tenantId: 'default',
      taskType: 'finance.reconciliation',
      priority: 6,
      attempt: 0,
    };
    await sender.sendMessages([
      { body, messageId: id, contentType: 'application/json' },
      { body, messageId: `${id}:copy`, contentType: 'application/json' },
    ]);
    await sender.close();
    await client.close();
    await new Promise((r) => setTimeout(r, 1500));
    const after = (await e.api('GET', `/v1/tasks/${id}`)).body;
    expect(after.history.filter((h: any) => h.to === 'completed')).toHaveLength(1);
    expect(after.completedAt).toBe(done.completedAt);
    const agents = (await e.api('GET', '/v1/agents?agentType=finance.reconciliation')).body.items;
    expect(agents.flatMap((a: any) => a.activeTaskIds)).not.toContain(id);
  });

  it('dead-letters a message that is not a task at once, with the reason', async () => {
    const client = new ServiceBusClient(e.stack.settings.ServiceBusConnection!);
    const sender = client.createSender('ants-tasks');
    await sender.sendMessages({ body: { hello: 'world', tenantId: 'default' }, messageId: 'poison-1' });
    await sender.close();
    const receiver = client.createReceiver('ants-tasks', { subQueueType: 'deadLetter' });
    let found;
    for (let i = 0; i < 30 && !found; i++) {
      found = (await receiver.peekMessages(50)).find((m) => m.messageId === 'poison-1');
      if (!found) await new Promise((r) => setTimeout(r, 100));
    }
    await receiver.close();
    await client.close();
    expect(found?.deadLetterReason).toBe('InvalidMessage');
    expect(found?.deadLetterErrorDescription).toMatch(/taskId/);
  });
});
