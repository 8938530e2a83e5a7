import { startE2E, type E2E } from '../support/e2e';

/** Real time plus an offset the test moves forward: the broker's schedule stays real, idle time jumps. */
class OffsetClock {
  offsetMs = 0;
  now() {
    return new Date(Date.now() + this.offsetMs);
  }
}

describe('agent lifecycle and tracing through the local stack', () => {
  const clock = new OffsetClock();
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ clock, autoStartTimers: false });
  });
  afterAll(() => e.close());

  it('wakes a sleeping agent for work it alone can do, then puts it to sleep when idle', async () => {
    const before = (await e.api('GET', '/v1/agents?agentType=hr.onboarding')).body.items;
    expect(before.map((a: any) => a.state)).toEqual(['cold']);

    const id = await e.submit({
      taskType: 'hr.onboarding',
      requiredCapabilities: ['onboarding_workflow'],
      payload: { employee: 'new hire' },
    });
    const task = await e.waitForTask(id, (t) => t.status === 'completed', 20_000);
    expect(task.history.map((h: any) => h.to)).toContain('deferred');
    const woke = (await e.api('GET', '/v1/agents?agentType=hr.onboarding')).body.items[0];
    expect(woke).toMatchObject({
      id: task.assignedAgentId,
      state: 'idle',
      wakeReason: `recruited for task ${id}`,
    });

    clock.offsetMs += 2 * 60 * 60_000;
    await e.stack.host.runTimer('lifecycleTick');
    const slept = (await e.api('GET', `/v1/agents?agentType=hr.onboarding`)).body.items[0];
    expect(slept.state).toBe('sleeping');
    expect(slept.checkpoint.stats['hr.onboarding'].successes).toBe(1);
    const defender = (await e.api('GET', '/v1/agents?agentType=cybersecurity.defender')).body.items[0];
    expect(defender.state).not.toBe('sleeping');

    const sleepsBefore = e.telemetry().filter((r) => r.name === 'AgentSlept').length;
    await e.stack.host.runTimer('lifecycleTick');
    expect(e.telemetry().filter((r) => r.name === 'AgentSlept').length).toBe(sleepsBefore);
  });

  it('links submission, claim, completion and pheromones of one task by one trace id', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const id = await e.submit(
      { taskType: 'crm.customer_support', requiredCapabilities: ['ticket_routing'], payload: { ticket: 7 } },
      { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    );
    await e.waitForTask(id, (t) => t.status === 'completed');
    await new Promise((r) => setTimeout(r, 300));
    const records = e.telemetry().filter((r) => r.traceId === traceId);
    const names = new Set(records.map((r) => r.name));
    for (const name of [
      'TaskSubmitted',
      'TaskClaimed',
      'TaskCompleted',
      'PheromoneDeposited',
      'ModelCalled',
    ]) {
      expect(names).toContain(name);
    }
    expect(
      records.filter((r) => r.properties.taskId !== undefined).every((r) => r.properties.taskId === id),
    ).toBe(true);
  });
});
