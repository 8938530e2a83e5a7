import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import declaration from '../../shared/entities.json';
import {
  bicepSources,
  build,
  deployed,
  durationSeconds,
  infraDir,
  one,
  plan,
  repoRoot,
  type Plan,
  type PlanResource,
} from './plan';

/**
 * Checks over the evaluated templates (.cache/infra/plan/<scenario>.json, built by `npm run validate:infra`'s
 * script when missing or stale): security settings, no secrets, identity-based app settings, the role set,
 * and no drift from shared/entities.json.
 */

const ROLE = {
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39',
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0',
  eventHubsDataSender: '2b629674-e913-4c01-ae53-ef4638d8f975',
  eventHubsDataReceiver: 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde',
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88',
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb',
  cognitiveServicesOpenAiUser: '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd',
};
const COSMOS_DATA_CONTRIBUTOR = '00000000-0000-0000-0000-000000000002';
const SAMPLE_USER = '11111111-2222-3333-4444-555555555555';

/** "(scope resource type) role" pairs the function identity must hold, and nothing else. */
const expectedRoles = (withOpenAi: boolean): string[] =>
  [
    `Microsoft.ServiceBus/namespaces ${ROLE.serviceBusDataSender}`,
    `Microsoft.ServiceBus/namespaces ${ROLE.serviceBusDataReceiver}`,
    `Microsoft.EventHub/namespaces ${ROLE.eventHubsDataSender}`,
    `Microsoft.EventHub/namespaces ${ROLE.eventHubsDataReceiver}`,
    `Microsoft.Storage/storageAccounts ${ROLE.storageBlobDataOwner}`,
    `Microsoft.Storage/storageAccounts ${ROLE.storageQueueDataContributor}`,
    `Microsoft.Storage/storageAccounts ${ROLE.storageTableDataContributor}`,
    `Microsoft.Insights/components ${ROLE.monitoringMetricsPublisher}`,
    ...(withOpenAi ? [`Microsoft.CognitiveServices/accounts ${ROLE.cognitiveServicesOpenAiUser}`] : []),
  ].sort();

const props = (r: PlanResource): Record<string, unknown> => r.properties ?? {};
const str = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** The type of the resource a resource id points at (last provider segment pairs). */
function typeOfId(id: string): string {
  const afterProviders = id.split('/providers/').pop() ?? '';
  const parts = afterProviders.split('/');
  const segments = [parts[0]];
  for (let i = 1; i < parts.length; i += 2) segments.push(parts[i]);
  return segments.join('/');
}

function appSettings(p: Plan): Record<string, unknown> {
  return props(one(p, 'Microsoft.Web/sites/config'));
}

const identityExpr = (p: Plan, property: 'principalId' | 'clientId'): string =>
  `[reference('${one(p, 'Microsoft.ManagedIdentity/userAssignedIdentities').id}').properties.${property}]`;

/** Every (scope type, role) the given principal holds through Azure RBAC. */
function rolesOf(p: Plan, principal: string): string[] {
  return deployed(p, 'Microsoft.Authorization/roleAssignments')
    .filter((r) => props(r).principalId === principal)
    .map((r) => {
      const roleId = str(props(r).roleDefinitionId).split('/').pop();
      return `${typeOfId(r.scope ?? '')} ${roleId}`;
    })
    .sort();
}

const scenarios = ['default', 'offline', 'provisioned'];

describe('validate:infra', () => {
  it('builds every template cleanly and evaluates every scenario', () => {
    const { report } = build();
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.scenarios.map((s) => s.name).sort()).toEqual([...scenarios].sort());
    expect(report.files).toEqual(
      expect.arrayContaining([
        'infra/main.bicep',
        'infra/modules/rbac.bicep',
        'infra/modules/telemetry.bicep',
      ]),
    );
  });
});

describe.each(scenarios)('security settings (%s)', (scenario) => {
  it('disables local (key) auth on Service Bus, Event Hubs, Cosmos DB, App Insights and OpenAI', () => {
    const p = plan(scenario);
    expect(props(one(p, 'Microsoft.ServiceBus/namespaces')).disableLocalAuth).toBe(true);
    expect(props(one(p, 'Microsoft.EventHub/namespaces')).disableLocalAuth).toBe(true);
    const cosmos = props(one(p, 'Microsoft.DocumentDB/databaseAccounts'));
    expect(cosmos.disableLocalAuth).toBe(true);
    expect(cosmos.disableKeyBasedMetadataWriteAccess).toBe(true);
    expect(props(one(p, 'Microsoft.Insights/components')).DisableLocalAuth).toBe(true);
    for (const openAi of deployed(p, 'Microsoft.CognitiveServices/accounts')) {
      expect(props(openAi).disableLocalAuth).toBe(true);
    }
  });

  it('locks the host storage account to Entra ID, TLS 1.2 and no public blobs', () => {
    const storage = props(one(plan(scenario), 'Microsoft.Storage/storageAccounts'));
    expect(storage.allowSharedKeyAccess).toBe(false);
    expect(storage.minimumTlsVersion).toBe('TLS1_2');
    expect(storage.allowBlobPublicAccess).toBe(false);
    expect(storage.supportsHttpsTrafficOnly).toBe(true);
  });

  it('turns off basic-auth publishing on the function app', () => {
    const policies = deployed(plan(scenario), 'Microsoft.Web/sites/basicPublishingCredentialsPolicies');
    expect(policies.map((r) => r.name.split('/').pop()).sort()).toEqual(['ftp', 'scm']);
    for (const r of policies) expect(props(r).allow).toBe(false);
  });

  it('has no output that is or carries a secret, in main or in any module', () => {
    const p = plan(scenario);
    const secretName = /(key|secret|password|pwd|token|sas|connectionstring|connection_string)/i;
    const secretValue =
      /(connectionstring|instrumentationkey|accountkey|sharedaccesskey|primarykey|secondarykey|list[a-z]*\()/i;
    for (const d of p.deployments) {
      for (const [name, o] of Object.entries(d.outputs)) {
        expect({ deployment: d.name, name, secretName: secretName.test(name) }).toEqual({
          deployment: d.name,
          name,
          secretName: false,
        });
        expect({
          deployment: d.name,
          name,
          value: str(o.value),
          secret: secretValue.test(str(o.value)),
        }).toEqual({
          deployment: d.name,
          name,
          value: str(o.value),
          secret: false,
        });
      }
    }
  });
});

describe('no keys or connection strings anywhere', () => {
  const forbidden =
    /\blist(Keys|ConnectionStrings|AccountSas|ServiceSas|Credentials|Secrets|KeyValue)\b|AccountKey=|SharedAccessKey|primaryKey|secondaryKey|primaryMasterKey|connectionStrings\b/i;

  it('in the Bicep sources', () => {
    for (const { file, text } of bicepSources()) {
      const code = text.replace(/\/\/.*$/gm, '');
      expect({ file, match: forbidden.exec(code)?.[0] ?? null }).toEqual({ file, match: null });
    }
  });

  it('in the compiled ARM templates, when the Bicep CLI built them', () => {
    const armDir = join(repoRoot, '.cache', 'infra', 'arm');
    if (!existsSync(armDir)) return; // fallback checker: covered by the sources and plans
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
      );
    for (const f of walk(armDir))
      expect({ f, match: forbidden.exec(readFileSync(f, 'utf8'))?.[0] ?? null }).toEqual({ f, match: null });
  });

  it.each(scenarios)(
    'in the evaluated plan (%s); the only connection string is the App Insights setting',
    (scenario) => {
      const p = plan(scenario);
      const hits: string[] = [];
      const visit = (v: unknown, where: string): void => {
        if (typeof v === 'string') {
          if (forbidden.test(v) || /connectionstring/i.test(v)) hits.push(`${where} = ${v}`);
        } else if (Array.isArray(v)) v.forEach((x, i) => visit(x, `${where}[${i}]`));
        else if (v && typeof v === 'object') {
          for (const [k, x] of Object.entries(v)) {
            if (
              /(accountkey|primarykey|secondarykey|masterkey|apikey|accesskey|connectionstring|password|secret)$/i.test(
                k,
              )
            ) {
              hits.push(`${where}.${k}`);
            }
            visit(x, `${where}.${k}`);
          }
        }
      };
      p.resources.forEach((r) => visit(r, `${r.type}/${r.name}`));
      const settings = appSettings(p);
      const appInsights = one(p, 'Microsoft.Insights/components');
      expect(settings.APPLICATIONINSIGHTS_CONNECTION_STRING).toBe(
        `[reference('${appInsights.id}').properties.ConnectionString]`,
      );
      expect(hits.filter((h) => !h.includes('.APPLICATIONINSIGHTS_CONNECTION_STRING = '))).toEqual([]);
    },
  );
});

describe('app settings: identity-based, every name the code reads', () => {
  const connections = [
    declaration.storage.connectionSetting,
    declaration.serviceBus.connectionSetting,
    declaration.eventHubs.connectionSetting,
    declaration.cosmos.connectionSetting,
  ];
  const s = declaration.settings;
  const expectedNames = [
    ...Object.values(s).filter((name) => !name.startsWith('__')),
    ...connections.flatMap((c) => [`${c}${s.credential}`, `${c}${s.clientId}`]),
    'ANTS_ENV',
  ].sort();

  it.each(scenarios)('sets exactly the declared settings (%s)', (scenario) => {
    expect(Object.keys(appSettings(plan(scenario))).sort()).toEqual(expectedNames);
  });

  it('points every connection at the user-assigned identity', () => {
    const p = plan('default');
    const settings = appSettings(p);
    for (const c of connections) {
      expect(settings[`${c}${s.credential}`]).toBe('managedidentity');
      expect(settings[`${c}${s.clientId}`]).toBe(identityExpr(p, 'clientId'));
    }
    expect(settings[s.managedIdentityClientId]).toBe(identityExpr(p, 'clientId'));
    const clientId = identityExpr(p, 'clientId').slice(1, -1);
    expect(settings[s.appInsightsAuthentication]).toBe(
      `[concat('ClientId=', ${clientId}, ';Authorization=AAD')]`,
    );
    expect(settings.ANTS_ENV).toBe('azure');
  });

  it('uses namespaces and endpoints, not connection strings', () => {
    const p = plan('default');
    const settings = appSettings(p);
    const storage = one(p, 'Microsoft.Storage/storageAccounts');
    for (const [name, endpoint] of [
      [s.storageBlobUri, 'blob'],
      [s.storageQueueUri, 'queue'],
      [s.storageTableUri, 'table'],
    ] as const) {
      expect(settings[name]).toBe(`[reference('${storage.id}').properties.primaryEndpoints.${endpoint}]`);
    }
    const sb = one(p, 'Microsoft.ServiceBus/namespaces');
    expect(settings[s.serviceBusNamespace]).toBe(
      `[replace(replace(reference('${sb.id}').properties.serviceBusEndpoint, 'https://', ''), ':443/', '')]`,
    );
    const eh = one(p, 'Microsoft.EventHub/namespaces');
    expect(settings[s.eventHubNamespace]).toBe(
      `[replace(replace(reference('${eh.id}').properties.serviceBusEndpoint, 'https://', ''), ':443/', '')]`,
    );
    const cosmos = one(p, 'Microsoft.DocumentDB/databaseAccounts');
    expect(settings[s.cosmosEndpoint]).toBe(`[reference('${cosmos.id}').properties.documentEndpoint]`);
    expect(settings[s.cosmosDatabase]).toBe(declaration.cosmos.database);
    const openAi = one(p, 'Microsoft.CognitiveServices/accounts');
    expect(settings[s.openAiEndpoint]).toBe(`[reference('${openAi.id}').properties.endpoint]`);
    expect(settings[s.openAiDeployments]).toBe('gpt-4o-mini');
  });

  it('leaves the OpenAI settings empty when OpenAI is not deployed', () => {
    const p = plan('offline');
    expect(deployed(p, 'Microsoft.CognitiveServices/accounts')).toEqual([]);
    expect(deployed(p, 'Microsoft.CognitiveServices/accounts/deployments')).toEqual([]);
    expect(appSettings(p)[s.openAiEndpoint]).toBe('');
    expect(appSettings(p)[s.openAiDeployments]).toBe('');
    expect(p.outputs.AZURE_OPENAI_ENDPOINT?.value).toBe('');
  });

  it('sets none of the settings Flex Consumption rejects', () => {
    const names = Object.keys(appSettings(plan('default')));
    for (const banned of [
      'FUNCTIONS_WORKER_RUNTIME',
      'FUNCTIONS_EXTENSION_VERSION',
      'WEBSITE_NODE_DEFAULT_VERSION',
      'WEBSITE_RUN_FROM_PACKAGE',
      'AzureWebJobsStorage',
    ]) {
      expect(names).not.toContain(banned);
    }
  });
});

describe('role assignments: what the code needs and no more', () => {
  it('gives the function identity exactly its data-plane roles', () => {
    const p = plan('default');
    expect(rolesOf(p, identityExpr(p, 'principalId'))).toEqual(expectedRoles(true));
  });

  it('drops the OpenAI role when OpenAI is not deployed', () => {
    const p = plan('offline');
    expect(rolesOf(p, identityExpr(p, 'principalId'))).toEqual(expectedRoles(false));
  });

  it('gives the deploying principal the same data roles, only when one is given', () => {
    expect(rolesOf(plan('default'), SAMPLE_USER)).toEqual(expectedRoles(true));
    const users = deployed(plan('default'), 'Microsoft.Authorization/roleAssignments').filter(
      (r) => props(r).principalId === SAMPLE_USER,
    );
    for (const r of users) expect(props(r).principalType).toBe('User');
    const offline = plan('offline');
    const all = deployed(offline, 'Microsoft.Authorization/roleAssignments');
    expect(all.every((r) => props(r).principalId === identityExpr(offline, 'principalId'))).toBe(true);
  });

  it('grants Cosmos DB Built-in Data Contributor on the account through sqlRoleAssignments', () => {
    const p = plan('default');
    const cosmos = one(p, 'Microsoft.DocumentDB/databaseAccounts');
    const assignments = deployed(p, 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments');
    expect(assignments.map((r) => props(r).principalId).sort()).toEqual(
      [identityExpr(p, 'principalId'), SAMPLE_USER].sort(),
    );
    for (const r of assignments) {
      expect(props(r).roleDefinitionId).toBe(`${cosmos.id}/sqlRoleDefinitions/${COSMOS_DATA_CONTRIBUTOR}`);
      expect(props(r).scope).toBe(cosmos.id);
    }
  });

  it('declares every assignment in modules/rbac.bicep, with unique names and a principal type', () => {
    for (const scenario of scenarios) {
      const p = plan(scenario);
      const assignments = p.resources.filter((r) => r.type.endsWith('roleAssignments') && r.condition);
      expect(new Set(assignments.map((r) => r.file.replace(/\\/g, '/').split('/infra/').pop()))).toEqual(
        new Set(['modules/rbac.bicep']),
      );
      expect(new Set(assignments.map((r) => r.id)).size).toBe(assignments.length);
      for (const r of deployed(p, 'Microsoft.Authorization/roleAssignments')) {
        expect(['ServicePrincipal', 'User']).toContain(props(r).principalType);
        expect(str(props(r).roleDefinitionId)).toMatch(
          /^\/subscriptions\/[^/]+\/providers\/Microsoft\.Authorization\/roleDefinitions\/[0-9a-f-]{36}$/,
        );
      }
    }
  });

  it('keeps every role id in rbac.bicep, named', () => {
    const guid = /'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'/gi;
    for (const { file, text } of bicepSources()) {
      if (file.endsWith('rbac.bicep')) {
        for (const id of [...Object.values(ROLE), COSMOS_DATA_CONTRIBUTOR])
          expect(text).toMatch(new RegExp(`'${id}' // \\S`));
      } else {
        expect({ file, guids: text.match(guid) ?? [] }).toEqual({ file, guids: [] });
      }
    }
  });
});

describe('Flex Consumption function app', () => {
  it('runs on an FC1 plan as a Linux function app with the user-assigned identity', () => {
    const p = plan('default');
    const farm = one(p, 'Microsoft.Web/serverfarms');
    expect(farm.sku).toEqual({ name: 'FC1', tier: 'FlexConsumption' });
    const site = one(p, 'Microsoft.Web/sites');
    const identity = one(p, 'Microsoft.ManagedIdentity/userAssignedIdentities');
    expect(site.kind).toBe('functionapp,linux');
    expect(site.identity).toEqual({ type: 'UserAssigned', userAssignedIdentities: { [identity.id]: {} } });
    expect(props(site).serverFarmId).toBe(farm.id);
    expect(props(site).httpsOnly).toBe(true);
    expect(site.tags?.['azd-service-name']).toBe('api');
  });

  it.each([
    ['default', '22', 2048, 100],
    ['provisioned', '20', 2048, 100],
  ])(
    'configures runtime, scale and identity-authenticated deployment storage (%s)',
    (scenario, node, memory, max) => {
      const p = plan(scenario);
      const site = one(p, 'Microsoft.Web/sites');
      const identity = one(p, 'Microsoft.ManagedIdentity/userAssignedIdentities');
      const storage = one(p, 'Microsoft.Storage/storageAccounts');
      const config = props(site).functionAppConfig as {
        runtime: unknown;
        scaleAndConcurrency: unknown;
        deployment: { storage: { type: string; value: string; authentication: unknown } };
      };
      expect(config.runtime).toEqual({ name: 'node', version: node });
      expect(config.scaleAndConcurrency).toEqual({ instanceMemoryMB: memory, maximumInstanceCount: max });
      expect(config.deployment.storage.type).toBe('blobContainer');
      expect(config.deployment.storage.authentication).toEqual({
        type: 'UserAssignedIdentity',
        userAssignedIdentityResourceId: identity.id,
      });
      const containers = deployed(p, 'Microsoft.Storage/storageAccounts/blobServices/containers').filter(
        (c) => c.name.startsWith(`${storage.name}/`),
      );
      const deploymentContainer = containers.find((c) =>
        config.deployment.storage.value.includes(`'${c.name.split('/').pop()}'`),
      );
      expect(deploymentContainer).toBeDefined();
      expect(config.deployment.storage.value).toContain(
        `reference('${storage.id}').properties.primaryEndpoints.blob`,
      );
    },
  );
});

describe('no drift from shared/entities.json', () => {
  it('creates every queue with the declared properties', () => {
    const p = plan('default');
    const ns = one(p, 'Microsoft.ServiceBus/namespaces');
    const queues = deployed(p, 'Microsoft.ServiceBus/namespaces/queues');
    expect(queues.map((q) => q.name)).toEqual(
      declaration.serviceBus.queues.map((q) => `${ns.name}/${q.name}`),
    );
    for (const q of declaration.serviceBus.queues) {
      const actual = props(queues.find((r) => r.name === `${ns.name}/${q.name}`)!);
      expect({ queue: q.name, ...actual }).toMatchObject({
        queue: q.name,
        maxDeliveryCount: q.maxDeliveryCount,
        lockDuration: q.lockDuration,
        defaultMessageTimeToLive: q.defaultMessageTimeToLive,
        deadLetteringOnMessageExpiration: q.deadLetteringOnMessageExpiration,
        requiresDuplicateDetection: q.requiresDuplicateDetection,
        duplicateDetectionHistoryTimeWindow: q.duplicateDetectionHistoryTimeWindow,
        requiresSession: q.requiresSession,
      });
      expect(durationSeconds(String(actual.lockDuration))).toBeLessThanOrEqual(300);
    }
    expect(ns.sku).toEqual({ name: 'Standard', tier: 'Standard' });
  });

  it('creates the pheromone hub with the declared partitions, retention and consumer groups', () => {
    const p = plan('default');
    const hub = declaration.eventHubs.hubs[0]!;
    const ns = one(p, 'Microsoft.EventHub/namespaces');
    const eh = one(p, 'Microsoft.EventHub/namespaces/eventhubs');
    expect(eh.name).toBe(`${ns.name}/${hub.name}`);
    expect(props(eh)).toEqual({
      partitionCount: hub.partitionCount,
      messageRetentionInDays: hub.messageRetentionInDays,
    });
    expect(hub.partitionCount).toBe(32);
    // $Default exists on every hub; every other declared group is created.
    const groups = deployed(p, 'Microsoft.EventHub/namespaces/eventhubs/consumergroups').map((g) =>
      g.name.split('/').pop(),
    );
    expect(groups.sort()).toEqual(hub.consumerGroups.filter((g) => g !== '$Default').sort());
    expect(hub.consumerGroups).toContain(hub.sensorConsumerGroup);
    expect(ns.sku).toMatchObject({ name: 'Standard', tier: 'Standard' });
  });

  it('honours the partition count and tenant consumer group parameters', () => {
    const p = plan('provisioned');
    const hub = declaration.eventHubs.hubs[0]!;
    expect(props(one(p, 'Microsoft.EventHub/namespaces/eventhubs')).partitionCount).toBe(8);
    const groups = deployed(p, 'Microsoft.EventHub/namespaces/eventhubs/consumergroups').map((g) =>
      g.name.split('/').pop(),
    );
    expect(groups.sort()).toEqual(
      [
        ...hub.consumerGroups.filter((g) => g !== '$Default'),
        'ants-tenant-contoso',
        'ants-tenant-fabrikam',
      ].sort(),
    );
  });

  it('creates the database and every container with its partition key and TTL', () => {
    const p = plan('default');
    const account = one(p, 'Microsoft.DocumentDB/databaseAccounts');
    const db = one(p, 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases');
    expect(db.name).toBe(`${account.name}/${declaration.cosmos.database}`);
    const containers = deployed(p, 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers');
    expect(containers.map((c) => c.name)).toEqual(
      declaration.cosmos.containers.map((c) => `${db.name}/${c.name}`),
    );
    for (const c of declaration.cosmos.containers) {
      const resource = (props(containers.find((r) => r.name === `${db.name}/${c.name}`)!).resource ??
        {}) as Record<string, unknown>;
      expect(resource.id).toBe(c.name);
      expect(resource.partitionKey).toEqual({ paths: [c.partitionKey], kind: 'Hash', version: 2 });
      expect(resource.defaultTtl).toBe(c.defaultTtl);
    }
  });

  it('creates the Event Hubs checkpoint container in the Functions host storage account', () => {
    const p = plan('default');
    const storage = one(p, 'Microsoft.Storage/storageAccounts');
    const names = deployed(p, 'Microsoft.Storage/storageAccounts/blobServices/containers').map((c) => c.name);
    expect(names).toContain(`${storage.name}/default/${declaration.storage.checkpointContainer}`);
    expect(appSettings(p)[declaration.settings.storageBlobUri]).toContain(storage.id);
  });

  it('reads the declaration instead of repeating its names', () => {
    const sources = bicepSources();
    const main = sources.find((s) => s.file.replace(/\\/g, '/') === 'infra/main.bicep')!;
    expect(main.text).toContain("loadJsonContent('../shared/entities.json')");
    const names = [
      ...declaration.serviceBus.queues.map((q) => q.name),
      ...declaration.eventHubs.hubs.flatMap((h) => [
        h.name,
        ...h.consumerGroups.filter((g) => g !== '$Default'),
      ]),
      ...declaration.cosmos.containers.map((c) => c.name),
      declaration.storage.checkpointContainer,
      ...Object.values(declaration.settings).filter((n) => !n.startsWith('__')),
    ];
    for (const { file, text } of sources) {
      const code = text.replace(/\/\/.*$/gm, '');
      for (const n of names)
        expect({ file, name: n, literal: code.includes(`'${n}'`) }).toEqual({
          file,
          name: n,
          literal: false,
        });
    }
  });
});

describe('Cosmos DB capacity and indexing', () => {
  it('is serverless by default and autoscale-provisioned on request', () => {
    const serverless = plan('default');
    expect(props(one(serverless, 'Microsoft.DocumentDB/databaseAccounts')).capabilities).toEqual([
      { name: 'EnableServerless' },
    ]);
    expect(props(one(serverless, 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases')).options).toEqual({});
    const provisioned = plan('provisioned');
    expect(props(one(provisioned, 'Microsoft.DocumentDB/databaseAccounts')).capabilities).toEqual([]);
    expect(props(one(provisioned, 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases')).options).toEqual({
      autoscaleSettings: { maxThroughput: 4000 },
    });
  });

  type Index = { path: string; order: string }[];
  const policyOf = (container: string): { excludedPaths: { path: string }[]; compositeIndexes: Index[] } => {
    const p = plan('default');
    const r = deployed(p, 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers').find((c) =>
      c.name.endsWith(`/${container}`),
    )!;
    return (
      props(r).resource as {
        indexingPolicy: { excludedPaths: { path: string }[]; compositeIndexes: Index[] };
      }
    ).indexingPolicy;
  };

  it('keeps the big free-form document parts out of the index', () => {
    for (const c of declaration.cosmos.containers) {
      const excluded = policyOf(c.name).excludedPaths.map((x) => x.path);
      expect(excluded).toEqual(
        expect.arrayContaining(['/payload/*', '/result/*', '/history/*', '/checkpoint/*', '/data/*']),
      );
    }
  });

  it('has composite indexes for the multi-field ORDER BYs the code runs', () => {
    expect(policyOf('tasks').compositeIndexes).toEqual(
      expect.arrayContaining([
        [
          { path: '/createdAt', order: 'descending' },
          { path: '/id', order: 'descending' },
        ],
        [
          { path: '/status', order: 'ascending' },
          { path: '/createdAt', order: 'descending' },
          { path: '/id', order: 'descending' },
        ],
      ]),
    );
    expect(policyOf('pheromones').compositeIndexes).toEqual(
      expect.arrayContaining([
        [
          { path: '/type', order: 'ascending' },
          { path: '/location', order: 'ascending' },
          { path: '/strength', order: 'descending' },
        ],
        [
          { path: '/type', order: 'ascending' },
          { path: '/strength', order: 'descending' },
        ],
      ]),
    );
  });

  it('includes every composite index the Cosmos adapter declares (shared/adapters/azure/cosmos/client.ts)', () => {
    const source = join(repoRoot, 'shared', 'adapters', 'azure', 'cosmos', 'client.ts');
    if (!existsSync(source)) return;
    const text = readFileSync(source, 'utf8');
    const block = /export const indexingPolicies[^=]*=\s*(\{[\s\S]*?\n\});/.exec(text)?.[1];
    if (!block) return;
    // The adapter's policies are plain object literals: read them as JSON5-ish data.
    const policies = new Function(`return (${block});`)() as Record<string, { compositeIndexes?: Index[] }>;
    for (const [container, policy] of Object.entries(policies)) {
      for (const index of policy.compositeIndexes ?? [])
        expect(policyOf(container).compositeIndexes).toContainEqual(index);
    }
  });
});

describe('OpenAI, telemetry and azd wiring', () => {
  it('deploys OpenAI with a custom subdomain and the requested models, one at a time', () => {
    const p = plan('default');
    const account = one(p, 'Microsoft.CognitiveServices/accounts');
    expect(account.kind).toBe('OpenAI');
    expect(props(account).customSubDomainName).toBe(account.name);
    const models = deployed(p, 'Microsoft.CognitiveServices/accounts/deployments');
    expect(models.map((m) => m.name)).toEqual([`${account.name}/gpt-4o-mini`]);
    expect(models[0]!.batchSize).toBe(1);
    expect(models[0]!.properties).toEqual({
      model: { format: 'OpenAI', name: 'gpt-4o-mini', version: '2024-07-18' },
    });
  });

  it('sends App Insights telemetry to a Log Analytics workspace', () => {
    const p = plan('default');
    const workspace = one(p, 'Microsoft.OperationalInsights/workspaces');
    expect(props(one(p, 'Microsoft.Insights/components')).WorkspaceResourceId).toBe(workspace.id);
  });

  it('outputs what azd and local runs need', () => {
    const outputs = plan('default').outputs;
    for (const name of [
      'AZURE_RESOURCE_GROUP',
      'AZURE_FUNCTION_APP_NAME',
      'AZURE_FUNCTION_APP_URL',
      'AZURE_SERVICEBUS_FULLY_QUALIFIED_NAMESPACE',
      'AZURE_EVENTHUBS_FULLY_QUALIFIED_NAMESPACE',
      'AZURE_COSMOS_ENDPOINT',
      'APPLICATIONINSIGHTS_NAME',
      'AZURE_OPENAI_ENDPOINT',
    ]) {
      expect(outputs).toHaveProperty(name);
    }
    expect(outputs.AZURE_RESOURCE_GROUP?.value).toBe('rg-ants-sample');
  });

  it('keeps resource names within Azure limits', () => {
    const p = plan('default');
    expect(one(p, 'Microsoft.Storage/storageAccounts').name).toMatch(/^[a-z0-9]{3,24}$/);
    for (const r of p.resources.filter(
      (x) => x.condition && x.name.split('/').length === 1 && !x.type.endsWith('roleAssignments'),
    )) {
      expect(r.name).toMatch(/^[a-zA-Z0-9-]{3,60}$/);
    }
  });

  it('is an azd template: azure.yaml service "api" (TypeScript function) and azd parameters', () => {
    const yaml = readFileSync(join(repoRoot, 'azure.yaml'), 'utf8');
    expect(yaml).toMatch(/^services:\n {2}api:\n {4}project: \.\n {4}language: ts\n {4}host: function$/m);
    expect(yaml).toMatch(/^infra:\n {2}provider: bicep\n {2}path: infra\n {2}module: main$/m);
    const params = JSON.parse(readFileSync(join(infraDir, 'main.parameters.json'), 'utf8')) as {
      parameters: Record<string, { value: unknown }>;
    };
    expect(params.parameters.environmentName?.value).toBe('${AZURE_ENV_NAME}');
    expect(params.parameters.location?.value).toBe('${AZURE_LOCATION}');
    expect(params.parameters.principalId?.value).toBe('${AZURE_PRINCIPAL_ID}');
  });

  it('uses local modules only (no registry restore on a clean build machine)', () => {
    for (const { file, text } of bicepSources())
      expect({ file, registry: /'(br|ts)[:/]/.test(text) }).toEqual({ file, registry: false });
  });
});
