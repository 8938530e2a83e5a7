import { AgentInstance } from '../../../shared/schemas/agent';
import { PheromoneSignal, PheromoneTrail } from '../../../shared/schemas/pheromone';
import { TaskDocument } from '../../../shared/schemas/task';
import { aSignal, aTask, aTrail, anAgent } from '../../support/builders';

describe('test-data builders', () => {
  it('build documents the zod schemas accept', () => {
    expect(AgentInstance.parse(anAgent())).toEqual(anAgent());
    expect(TaskDocument.parse(aTask())).toEqual(aTask());
    expect(PheromoneSignal.parse(aSignal())).toEqual(aSignal());
    expect(PheromoneTrail.parse(aTrail())).toEqual(aTrail());
  });

  it('apply overrides', () => {
    expect(anAgent({ state: 'sleeping' }).state).toBe('sleeping');
    expect(aTask({ priority: 9 }).priority).toBe(9);
  });
});
