import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, runValidator } from './plan';

/**
 * `npm run validate:infra` must fail on a broken template: each case copies infra/ and shared/entities.json
 * to a temporary folder, breaks one thing and runs the validator there.
 */

jest.setTimeout(180_000);

const roots: string[] = [];

function copyOfInfra(): string {
  const root = mkdtempSync(join(tmpdir(), 'ants-infra-'));
  roots.push(root);
  cpSync(join(repoRoot, 'infra'), join(root, 'infra'), { recursive: true });
  mkdirSync(join(root, 'shared'));
  cpSync(join(repoRoot, 'shared', 'entities.json'), join(root, 'shared', 'entities.json'));
  return root;
}

function edit(root: string, file: string, change: (text: string) => string): void {
  const path = join(root, 'infra', file);
  const before = readFileSync(path, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`the edit of ${file} changed nothing`);
  writeFileSync(path, after);
}

afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

describe('validate-infra on a copy of infra/', () => {
  it('passes on the unmodified templates', () => {
    const root = copyOfInfra();
    const r = runValidator(root);
    expect(r.output).toContain('OK:');
    expect(r.status).toBe(0);
  });

  it.each<[string, (root: string) => void, RegExp]>([
    [
      'a syntax error',
      (root) =>
        appendFileSync(
          join(root, 'infra', 'modules', 'storage.bicep'),
          "\nresource broken 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: \n",
        ),
      /modules\/storage\.bicep\(\d+,\d+\) : Error (BCP-SYNTAX|BCP\d+)/,
    ],
    [
      'an unused parameter (a linter warning, made an error)',
      (root) =>
        edit(root, 'modules/identity.bicep', (t) =>
          t.replace('param location string', "param location string\n\nparam unusedThing string = 'x'"),
        ),
      /modules\/identity\.bicep\(\d+,\d+\) : Error no-unused-params/,
    ],
    [
      'a key read with listKeys()',
      (root) =>
        appendFileSync(
          join(root, 'infra', 'modules', 'storage.bicep'),
          '\noutput leaked string = storage.listKeys().keys[0].value\n',
        ),
      /Error (ants-no-keys|outputs-should-not-contain-secrets|use-resource-symbol-reference)/,
    ],
    [
      'an output that looks like a secret',
      (root) =>
        appendFileSync(
          join(root, 'infra', 'modules', 'telemetry.bicep'),
          '\noutput instrumentationKey string = appInsights.properties.InstrumentationKey\n',
        ),
      /Error outputs-should-not-contain-secrets/,
    ],
    [
      'a module parameter that does not exist',
      (root) =>
        edit(root, 'main.bicep', (t) =>
          t.replace('    queues: entities.serviceBus.queues', '    queuez: entities.serviceBus.queues'),
        ),
      /main\.bicep\(\d+,\d+\) : Error BCP0(35|37)/,
    ],
    [
      'an entity the declaration lacks',
      (root) =>
        edit(root, 'modules/servicebus.bicep', (t) =>
          t.replace('lockDuration: q.lockDuration', 'lockDuration: q.lockTime'),
        ),
      /modules\/servicebus\.bicep\(\d+,\d+\) : Error BCP(083|053)/,
    ],
  ])('fails on %s', (_name, breakIt, expected) => {
    const root = copyOfInfra();
    breakIt(root);
    const r = runValidator(root);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(expected);
    expect(r.output).toContain('FAILED');
  });
});
