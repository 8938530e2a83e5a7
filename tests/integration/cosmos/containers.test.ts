import { ensureContainers, indexingPolicies } from '../../../shared/adapters/azure/cosmos/client';
import { entities } from '../../../shared/entities';
import { startCosmos, type CosmosHarness } from './harness';

let cosmos: CosmosHarness;

beforeAll(async () => {
  cosmos = await startCosmos();
});

afterAll(async () => {
  await cosmos.close();
});

describe('ensureContainers', () => {
  it('creates every declared container, partitioned by its key, and is safe to call again', async () => {
    await ensureContainers(cosmos.client, entities.cosmos);
    const { resources } = await cosmos.client
      .database(entities.cosmos.database)
      .containers.readAll()
      .fetchAll();
    expect(resources.map((c) => c.id).sort()).toEqual(entities.cosmos.containers.map((c) => c.name).sort());
    for (const declared of entities.cosmos.containers) {
      const { resource } = await cosmos.container(declared.name).read();
      expect(resource?.partitionKey?.paths).toEqual([declared.partitionKey]);
    }
  });

  it('gives the tasks container the composite index its listing needs', async () => {
    const { resource } = await cosmos.container('tasks').read();
    expect(resource?.indexingPolicy?.compositeIndexes).toEqual(indexingPolicies.tasks?.compositeIndexes);
  });
});
