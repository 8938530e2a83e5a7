import type { HttpRequest } from '@azure/functions';
import { TenantId } from '../../shared/schemas/common';
import { fieldErrors, problem, ProblemError } from './problem';

/**
 * Where the caller's tenant comes from. Locally it is the X-Tenant-Id header (API.md); in Azure it comes
 * from the principal that App Service authentication puts in `x-ms-client-principal`, so a caller cannot
 * name another tenant.
 */
export type TenantSource = 'header' | 'principal';

/** Claims that carry the tenant, in order: an app-specific claim first, then the Entra tenant id. */
const TENANT_CLAIMS = [
  'ants_tenant',
  'extension_ants_tenant',
  'tid',
  'http://schemas.microsoft.com/identity/claims/tenantid',
];

export function tenantOf(request: HttpRequest, source: TenantSource): string {
  const raw =
    source === 'header' ? (request.headers.get('x-tenant-id') ?? 'default') : principalTenant(request);
  const parsed = TenantId.safeParse(raw);
  if (!parsed.success) {
    throw new ProblemError(
      problem(400, 'The tenant id is not valid', { errors: fieldErrors(parsed.error, 'tenant') }),
    );
  }
  return parsed.data;
}

interface ClientPrincipal {
  claims?: { typ: string; val: string }[];
}

function principalTenant(request: HttpRequest): string {
  const header = request.headers.get('x-ms-client-principal');
  if (!header) throw new ProblemError(problem(401, 'Sign in: no authenticated principal on the request'));
  let principal: ClientPrincipal;
  try {
    principal = JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as ClientPrincipal;
  } catch {
    throw new ProblemError(problem(401, 'The authenticated principal could not be read'));
  }
  for (const claim of TENANT_CLAIMS) {
    const value = principal.claims?.find((c) => c.typ === claim)?.val;
    if (value) return value;
  }
  throw new ProblemError(problem(401, 'The authenticated principal carries no tenant claim'));
}
