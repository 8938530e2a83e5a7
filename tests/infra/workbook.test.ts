import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { TelemetryEvents, TelemetryMetrics } from '../../shared/telemetry/names';
import { deployed, infraDir, one, plan, repoRoot, runValidator, type Plan, type PlanResource } from './plan';

/**
 * The portal view asks only for what the code sends. Every event and metric name the workbook's and the
 * alerts' KQL uses must exist in shared/telemetry/names.ts and be emitted somewhere; every
 * customDimensions / customMeasurements field a query reads must be sent by every emit site of every name
 * that query reads. What the code emits is read from the code itself: the TypeScript AST of each
 * `telemetry.event({ name, properties, measurements })` and `telemetry.metric(name, value, dimensions)` call.
 * Then: the workbook JSON is well formed, and the alerts are in the evaluated plan with their thresholds.
 */

const scenarios = ['default', 'offline', 'provisioned'];
const eventNames = new Set<string>(Object.values(TelemetryEvents));
const metricNames = new Set<string>(Object.values(TelemetryMetrics));
const workbookFile = join(infraDir, 'workbook', 'ants-swarm.workbook.json');

// ---- What the code emits ---------------------------------------------------------------------------------

interface EmitSite {
  kind: 'event' | 'metric';
  names: string[];
  where: string;
  /** Property (event) or dimension (metric) keys; undefined when not an object literal (cannot be checked). */
  properties: string[] | undefined;
  measurements: string[] | undefined;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** `TelemetryEvents.X` / `TelemetryMetrics.X` accesses anywhere under a node (a ternary picks between two). */
function namesUnder(node: ts.Node, holder: 'TelemetryEvents' | 'TelemetryMetrics'): string[] {
  const found: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === holder)
      found.push(n.name.text);
    ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

/** Keys of an object literal, or undefined when it is anything else or has a spread. */
function literalKeys(node: ts.Expression | undefined): string[] | undefined {
  if (!node) return [];
  if (!ts.isObjectLiteralExpression(node)) return undefined;
  const keys: string[] = [];
  for (const p of node.properties) {
    if (
      (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) &&
      p.name &&
      !ts.isComputedPropertyName(p.name)
    )
      keys.push(p.name.text);
    else return undefined;
  }
  return keys;
}

function property(obj: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of obj.properties) {
    if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === name) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === name) return p.name;
  }
  return undefined;
}

function emitSites(): EmitSite[] {
  const sites: EmitSite[] = [];
  const files = [...sourceFiles(join(repoRoot, 'shared')), ...sourceFiles(join(repoRoot, 'functions'))];
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
        const method = n.expression.name.text;
        const [first, , third] = n.arguments;
        const where = `${relative(repoRoot, file)}:${source.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
        if (method === 'event' && first && ts.isObjectLiteralExpression(first)) {
          const nameNode = property(first, 'name');
          const names = nameNode ? namesUnder(nameNode, 'TelemetryEvents') : [];
          if (names.length > 0) {
            sites.push({
              kind: 'event',
              names,
              where,
              properties: literalKeys(property(first, 'properties')),
              measurements: literalKeys(property(first, 'measurements')),
            });
          }
        }
        if (method === 'metric' && first) {
          const names = namesUnder(first, 'TelemetryMetrics');
          if (names.length > 0)
            sites.push({ kind: 'metric', names, where, properties: literalKeys(third), measurements: [] });
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(source);
  }
  return sites;
}

interface Emitted {
  kind: 'event' | 'metric';
  sites: string[];
  /** Keys every site sends (intersection); undefined when some site cannot be read statically. */
  properties: Set<string> | undefined;
  measurements: Set<string> | undefined;
}

function intersect(a: Set<string> | undefined, b: string[] | undefined): Set<string> | undefined {
  if (!a || !b) return undefined;
  return new Set(b.filter((k) => a.has(k)));
}

function emitted(): Map<string, Emitted> {
  const byName = new Map<string, Emitted>();
  for (const site of emitSites()) {
    for (const name of site.names) {
      const seen = byName.get(name);
      if (!seen) {
        byName.set(name, {
          kind: site.kind,
          sites: [site.where],
          properties: site.properties && new Set(site.properties),
          measurements: site.measurements && new Set(site.measurements),
        });
      } else {
        seen.sites.push(site.where);
        seen.properties = intersect(seen.properties, site.properties);
        seen.measurements = intersect(seen.measurements, site.measurements);
      }
    }
  }
  return byName;
}

// ---- What the KQL reads ----------------------------------------------------------------------------------

interface QueryUse {
  names: string[];
  tables: string[];
  dimensions: string[];
  measurements: string[];
  /** Name filters this parser does not understand (has, startswith, =~, ...): they make the check unsound. */
  unparsed: string[];
}

const unique = (xs: string[]): string[] => [...new Set(xs)].sort();

function parseKql(query: string): QueryUse {
  const names: string[] = [];
  for (const m of query.matchAll(/\bname\s*==\s*"([^"]+)"/g)) names.push(m[1]!);
  for (const m of query.matchAll(/\bname\s+in\s*\(([^)]*)\)/g))
    for (const s of m[1]!.matchAll(/"([^"]+)"/g)) names.push(s[1]!);
  const unparsed = [
    ...query.matchAll(
      /\bname\s*(=~|!=|!in\b|in~|\bhas\b|\bcontains\b|\bstartswith\b|\bendswith\b|\bmatches\b)/g,
    ),
  ].map((m) => m[0]);
  const field = (column: string): string[] => [
    ...[...query.matchAll(new RegExp(`\\b${column}\\.([A-Za-z_][A-Za-z0-9_]*)`, 'g'))].map((m) => m[1]!),
    ...[...query.matchAll(new RegExp(`\\b${column}\\[\\s*["']([^"']+)["']\\s*\\]`, 'g'))].map((m) => m[1]!),
  ];
  const tables = ['customEvents', 'customMetrics'].filter((t) => new RegExp(`\\b${t}\\b`).test(query));
  return {
    names: unique(names),
    tables,
    dimensions: unique(field('customDimensions')),
    measurements: unique(field('customMeasurements')),
    unparsed,
  };
}

/** Problems with one query against what the code emits; empty when every name and field is accounted for. */
function problemsOf(where: string, query: string, code: Map<string, Emitted>): string[] {
  const use = parseKql(query);
  const problems: string[] = [];
  if (use.unparsed.length)
    problems.push(`${where}: name filters this test cannot read: ${use.unparsed.join(', ')}`);
  if (use.names.length === 0) problems.push(`${where}: no name == "X" / name in (...) filter`);
  for (const name of use.names) {
    const declared = eventNames.has(name) ? 'event' : metricNames.has(name) ? 'metric' : undefined;
    if (!declared) {
      problems.push(`${where}: "${name}" is neither in TelemetryEvents nor in TelemetryMetrics`);
      continue;
    }
    const table = declared === 'event' ? 'customEvents' : 'customMetrics';
    if (!use.tables.includes(table))
      problems.push(`${where}: "${name}" is a ${declared}, but the query does not read ${table}`);
    const sent = code.get(name);
    if (!sent) {
      problems.push(`${where}: "${name}" is declared in names.ts but no code emits it`);
      continue;
    }
    for (const d of use.dimensions) {
      if (!sent.properties)
        problems.push(
          `${where}: "${name}" has an emit site whose properties cannot be read (${sent.sites.join(', ')})`,
        );
      else if (!sent.properties.has(d))
        problems.push(
          `${where}: customDimensions.${d} is not sent with every "${name}" (${sent.sites.join(', ')})`,
        );
    }
    for (const m of use.measurements) {
      if (declared !== 'event') problems.push(`${where}: customMeasurements.${m} read for metric "${name}"`);
      else if (!sent.measurements?.has(m))
        problems.push(
          `${where}: customMeasurements.${m} is not sent with every "${name}" (${sent.sites.join(', ')})`,
        );
    }
  }
  return problems;
}

// ---- The workbook ---------------------------------------------------------------------------------------

interface WorkbookItem {
  type: number;
  name: string;
  content: {
    version?: string;
    query?: string;
    items?: WorkbookItem[];
    parameters?: { name: string; type: number; query?: string; version?: string }[];
    timeContextFromParameter?: string;
    [key: string]: unknown;
  };
}

const workbookText = readFileSync(workbookFile, 'utf8');
const workbook = JSON.parse(workbookText) as {
  version: string;
  items: WorkbookItem[];
  fallbackResourceIds: string[];
};

function allItems(items: WorkbookItem[]): WorkbookItem[] {
  return items.flatMap((i) => [i, ...allItems(i.content.items ?? [])]);
}

const parameters = allItems(workbook.items).flatMap((i) =>
  i.type === 9 ? (i.content.parameters ?? []) : [],
);
const queries: { where: string; query: string }[] = [
  ...allItems(workbook.items)
    .filter((i) => i.type === 3)
    .map((i) => ({ where: `workbook item "${i.name}"`, query: i.content.query ?? '' })),
  ...parameters
    .filter((p) => p.query)
    .map((p) => ({ where: `workbook parameter "${p.name}"`, query: p.query! })),
];

describe('the telemetry the code emits (read from the source)', () => {
  const code = emitted();

  it('finds the emit sites, with their properties and dimensions', () => {
    expect(code.get('TaskCompleted')?.properties).toEqual(
      new Set(['tenantId', 'taskId', 'taskType', 'agentId', 'agentType', 'model', 'location']),
    );
    expect(code.get('TaskCompleted')?.measurements).toEqual(
      new Set(['runMs', 'attempts', 'tokens', 'costUsd']),
    );
    expect(code.get('AgentsByState')).toMatchObject({
      kind: 'metric',
      properties: new Set(['tenantId', 'state']),
    });
    // AgentWoke has two emit sites (wakeAgent, the lifecycle tick): only what both send counts.
    expect(code.get('AgentWoke')?.sites.length).toBeGreaterThanOrEqual(2);
    expect(code.get('AgentWoke')?.properties?.has('coldStart')).toBe(false);
  });

  it('emits only declared names', () => {
    for (const [name, e] of code)
      expect({ name, declared: (e.kind === 'event' ? eventNames : metricNames).has(name) }).toEqual({
        name,
        declared: true,
      });
  });
});

describe('workbook infra/workbook/ants-swarm.workbook.json', () => {
  const code = emitted();

  it('is a Notebook/1.0 workbook whose items are well formed', () => {
    expect(workbook.version).toBe('Notebook/1.0');
    expect(workbook.fallbackResourceIds).toEqual(['__APP_INSIGHTS_ID__']);
    const items = allItems(workbook.items);
    expect(new Set(items.map((i) => i.name)).size).toBe(items.length);
    const parameterNames = new Set(parameters.map((p) => p.name));
    expect(parameterNames).toEqual(new Set(['TimeRange', 'Tenant']));
    for (const item of items) {
      expect([1, 3, 9, 12]).toContain(item.type);
      if (item.type === 3) {
        expect(item.content.version).toBe('KqlItem/1.0');
        expect(item.content.resourceType).toBe('microsoft.insights/components');
        expect(parameterNames.has(item.content.timeContextFromParameter ?? '')).toBe(true);
      }
    }
    for (const { where, query } of queries) {
      expect({ where, empty: query.trim() === '' }).toEqual({ where, empty: false });
      for (const [, ref] of query.matchAll(/\{([A-Za-z]+)(?::[a-z]+)?\}/g))
        expect({ where, ref, defined: parameterNames.has(ref!) }).toEqual({ where, ref, defined: true });
    }
  });

  it('queries only names in names.ts that the code emits, and only dimensions and measurements sent with them', () => {
    expect(queries.length).toBeGreaterThan(10);
    expect(queries.flatMap(({ where, query }) => problemsOf(where, query, code))).toEqual([]);
  });

  it('covers throughput, latency, failures, dead letters, pheromones, agents and cost', () => {
    const uses = queries.map((q) => parseKql(q.query));
    const reads = (name: string, ...fields: string[]) =>
      uses.some(
        (u) =>
          u.names.includes(name) &&
          fields.every((f) => u.dimensions.includes(f) || u.measurements.includes(f)),
      );
    expect(reads('TaskCompleted')).toBe(true);
    expect(reads('TaskQueueWaitMs', 'taskType') && reads('TaskRunMs', 'taskType')).toBe(true);
    expect(reads('TaskFailed', 'error')).toBe(true);
    expect(reads('TaskDeadLettered', 'reason')).toBe(true);
    expect(reads('PheromoneStrength', 'location', 'type')).toBe(true);
    expect(reads('AgentsByState', 'state')).toBe(true);
    expect(reads('ModelCalled', 'tenantId', 'agentType', 'model', 'costUsd')).toBe(true);
    expect(workbookText).toMatch(/percentilesw?\(/);
  });

  it('catches a name or a dimension the code does not send (the check is not vacuous)', () => {
    expect(problemsOf('probe', 'customEvents | where name == "TaskExploded"', code)).toHaveLength(1);
    const withoutCost = new Map([...code].filter(([name]) => name !== 'ModelCostUsd'));
    expect(problemsOf('probe', 'customMetrics | where name == "ModelCostUsd"', withoutCost)).toEqual([
      'probe: "ModelCostUsd" is declared in names.ts but no code emits it',
    ]);
    expect(
      problemsOf(
        'probe',
        'customEvents | where name == "TaskDeadLettered" | summarize by tostring(customDimensions.location)',
        code,
      ),
    ).toHaveLength(1);
    expect(problemsOf('probe', 'customEvents | where name startswith "Task"', code).join()).toMatch(
      /cannot read/,
    );
  });

  it.each(scenarios)(
    'is deployed on the App Insights component with the JSON file as its content (%s)',
    (scenario) => {
      const p = plan(scenario);
      const appInsights = one(p, 'Microsoft.Insights/components');
      const wb = one(p, 'Microsoft.Insights/workbooks');
      expect(wb.kind).toBe('shared');
      expect(wb.name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      const properties = wb.properties ?? {};
      expect(properties).toMatchObject({
        displayName: 'ANTS swarm',
        category: 'workbook',
        sourceId: appInsights.id,
        version: 'Notebook/1.0',
      });
      const data = JSON.parse(properties.serializedData as string);
      expect(data.fallbackResourceIds).toEqual([appInsights.id]);
      expect({ ...data, fallbackResourceIds: workbook.fallbackResourceIds }).toEqual(workbook);
    },
  );
});

// ---- The alerts -----------------------------------------------------------------------------------------

function metricAlert(p: Plan, metricName: string): PlanResource {
  const found = deployed(p, 'Microsoft.Insights/metricAlerts').filter(
    (r) => (r.properties as any)?.criteria?.allOf?.[0]?.metricName === metricName,
  );
  if (found.length !== 1)
    throw new Error(`expected one metric alert on ${metricName}, found ${found.length}`);
  return found[0]!;
}

const actionsOf = (r: PlanResource): string[] =>
  r.type === 'Microsoft.Insights/scheduledQueryRules'
    ? ((r.properties as any).actions.actionGroups as string[])
    : ((r.properties as any).actions as { actionGroupId: string }[]).map((a) => a.actionGroupId);

describe.each(scenarios)('alerts (%s)', (scenario) => {
  const code = emitted();

  it('fires when any Service Bus queue holds more than 100 dead letters', () => {
    const p = plan(scenario);
    const alert = metricAlert(p, 'DeadletteredMessages');
    const props = alert.properties as any;
    expect(props.scopes).toEqual([one(p, 'Microsoft.ServiceBus/namespaces').id]);
    expect(props.enabled).toBe(true);
    expect(props.criteria['odata.type']).toBe('Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria');
    expect(props.criteria.allOf).toEqual([
      expect.objectContaining({
        metricNamespace: 'Microsoft.ServiceBus/namespaces',
        operator: 'GreaterThan',
        threshold: 100,
        criterionType: 'StaticThresholdCriterion',
        dimensions: [{ name: 'EntityName', operator: 'Include', values: ['*'] }],
      }),
    ]);
    expect(['Average', 'Maximum']).toContain(props.criteria.allOf[0].timeAggregation);
  });

  it('fires when any queue has a backlog of more than 10,000 active messages', () => {
    const p = plan(scenario);
    const props = metricAlert(p, 'ActiveMessages').properties as any;
    expect(props.scopes).toEqual([one(p, 'Microsoft.ServiceBus/namespaces').id]);
    expect(props.criteria.allOf).toEqual([
      expect.objectContaining({
        metricNamespace: 'Microsoft.ServiceBus/namespaces',
        operator: 'GreaterThan',
        threshold: 10_000,
        dimensions: [{ name: 'EntityName', operator: 'Include', values: ['*'] }],
      }),
    ]);
  });

  it('fires when more than 10 % of task outcomes over 15 minutes failed, from the events the code sends', () => {
    const p = plan(scenario);
    const rule = one(p, 'Microsoft.Insights/scheduledQueryRules');
    const props = rule.properties as any;
    expect(rule.kind).toBe('LogAlert');
    expect(rule.identity).toBeUndefined(); // no identity needed, and no key either
    expect(props.scopes).toEqual([one(p, 'Microsoft.Insights/components').id]);
    expect(props.windowSize).toBe('PT15M');
    expect(props.enabled).toBe(true);
    const [criterion] = props.criteria.allOf;
    expect(criterion).toMatchObject({
      metricMeasureColumn: 'failureRatePercent',
      operator: 'GreaterThan',
      threshold: 10,
    });
    const query = criterion.query as string;
    expect(parseKql(query).names).toEqual(['TaskCompleted', 'TaskFailed']);
    expect(query).toMatch(/countif\(name == "TaskFailed"\)/);
    expect(query).toMatch(/failureRatePercent = 100\.0 \* failed \/ total/);
    expect(problemsOf('failure-rate alert', query, code)).toEqual([]);
  });

  it('notifies nobody when neither actionGroupId nor alertEmail is set', () => {
    const p = plan(scenario);
    expect(deployed(p, 'Microsoft.Insights/actionGroups')).toEqual([]);
    for (const r of [
      ...deployed(p, 'Microsoft.Insights/metricAlerts'),
      ...deployed(p, 'Microsoft.Insights/scheduledQueryRules'),
    ])
      expect(actionsOf(r)).toEqual([]);
  });
});

describe('alert notifications (validator run on a copy of infra/ with the parameters set)', () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

  function planWith(parameters: Record<string, string>): Plan {
    const root = mkdtempSync(join(tmpdir(), 'ants-alerts-'));
    roots.push(root);
    cpSync(infraDir, join(root, 'infra'), { recursive: true });
    mkdirSync(join(root, 'shared'));
    cpSync(join(repoRoot, 'shared', 'entities.json'), join(root, 'shared', 'entities.json'));
    const file = join(root, 'infra', 'main.parameters.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    for (const [k, v] of Object.entries(parameters)) json.parameters[k] = { value: v };
    writeFileSync(file, JSON.stringify(json, null, 2));
    const out = join(root, 'out');
    const r = runValidator(root, out);
    if (r.status !== 0) throw new Error(r.output);
    return JSON.parse(readFileSync(join(out, 'plan', 'default.json'), 'utf8')) as Plan;
  }

  const alertsOf = (p: Plan) => [
    ...deployed(p, 'Microsoft.Insights/metricAlerts'),
    ...deployed(p, 'Microsoft.Insights/scheduledQueryRules'),
  ];

  it('creates an action group with the email receiver and wires every alert to it', () => {
    const p = planWith({ alertEmail: 'ops@contoso.example' });
    const group = one(p, 'Microsoft.Insights/actionGroups');
    expect(group.location).toBe('global');
    expect((group.properties as any).emailReceivers).toEqual([
      { name: 'operators', emailAddress: 'ops@contoso.example', useCommonAlertSchema: true },
    ]);
    const alerts = alertsOf(p);
    expect(alerts).toHaveLength(3);
    for (const r of alerts) expect(actionsOf(r)).toEqual([group.id]);
  });

  it('uses a given action group as it is and creates none', () => {
    const existing =
      '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ops/providers/Microsoft.Insights/actionGroups/ag-oncall';
    const p = planWith({ actionGroupId: existing, alertEmail: 'ignored@contoso.example' });
    expect(deployed(p, 'Microsoft.Insights/actionGroups')).toEqual([]);
    for (const r of alertsOf(p)) expect(actionsOf(r)).toEqual([existing]);
  });
});
