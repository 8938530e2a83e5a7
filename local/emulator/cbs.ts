import type { Message } from 'rhea';
import { Condition, EmulatorError } from './errors';
import type { Reply } from './requestResponse';

/**
 * The $cbs node (claims-based security). The SDKs put a SAS or AAD token for every link's audience before
 * attaching it. The emulator accepts any token without checking it: it is a local, loopback-only broker.
 */
export function handleCbsRequest(request: Message): Reply {
  const operation = request.application_properties?.operation as unknown;
  if (operation !== 'put-token') {
    throw new EmulatorError(
      Condition.notImplemented,
      `The $cbs operation '${String(operation)}' is not supported by the ANTS emulator (only put-token).`,
    );
  }
  return { status: 202, description: 'Accepted' };
}
