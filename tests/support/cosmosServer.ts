import { startLocalCosmos, type LocalCosmos } from '../../local/cosmos';

/** The local Cosmos server for a test file: one per file, started in beforeAll and closed in afterAll. */
export function startCosmosServer(): Promise<LocalCosmos> {
  return startLocalCosmos();
}
