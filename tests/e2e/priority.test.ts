import { startE2E, type E2E } from '../support/e2e';

/**
 * Seed §15.3: high-priority work must not wait behind a low-priority backlog. Each priority band has its
 * own queue and its own worker concurrency, so a deep low band occupies only its own slots.
 */
describe('priority under a low-priority backlog', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E();
  });
  afterAll(() => e.close());

  it('completes priority-9 tasks promptly with 2,000 priority-1 tasks queued', async () => {
    const low = { taskType: 'crm.customer_support', requiredCapabilities: ['ticket_routing'], priority: 1 };
    const backlog: string[] = [];
    for (let batch = 0; batch < 100; batch++) {
      backlog.push(
        ...(await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            e.submit({ ...low, payload: { n: batch * 20 + i, simulate: { latencyMs: 100 } } }),
          ),
        )),
      );
    }
    const submittedAt = Date.now();
    const urgent = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        e.submit({ ...low, priority: 9, payload: { urgent: i, simulate: { latencyMs: 100 } } }),
      ),
    );
    const done = await Promise.all(
      urgent.map((id) => e.waitForTask(id, (t) => t.status === 'completed', 20_000)),
    );
    const slowestMs = Math.max(...done.map((t) => Date.parse(t.completedAt))) - submittedAt;
    const lowDone = (await e.api('GET', '/v1/tasks?status=completed&limit=100')).body.items.filter(
      (t: any) => t.priority === 1,
    ).length;
    process.stdout.write(
      `priority: 10 priority-9 tasks completed within ${slowestMs} ms behind a ${backlog.length}-task backlog ` +
        `(${lowDone}+ low-priority tasks completed meanwhile)\n`,
    );
    expect(slowestMs).toBeLessThan(10_000);
    const stillQueued = await e.api('GET', `/v1/tasks/${backlog[backlog.length - 1]}`);
    expect(stillQueued.body.status).not.toBe('completed');
  }, 180_000);
});
