import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Helpers for the infra tests: build the templates with `npm run validate:infra`'s script and read the plans. */

export const repoRoot = join(__dirname, '..', '..');
export const infraDir = join(repoRoot, 'infra');
export const validator = join(infraDir, 'scripts', 'validate-infra.js');
const outDir = join(repoRoot, '.cache', 'infra');

/** An evaluated resource: ARM-like, with runtime values as "[expression]" strings. */
export interface PlanResource {
  deployment: string;
  file: string;
  symbol: string;
  type: string;
  apiVersion: string;
  existing: boolean;
  condition: boolean;
  name: string;
  id: string;
  scope?: string;
  parent?: string;
  batchSize?: number;
  location?: unknown;
  kind?: string;
  sku?: Record<string, unknown>;
  tags?: Record<string, string>;
  identity?: Record<string, unknown>;
  properties?: Record<string, unknown>;
}

export interface PlanDeployment {
  name: string;
  file: string;
  parameters: Record<string, unknown>;
  outputs: Record<string, { type: string; value: unknown }>;
}

export interface Plan {
  scenario: string;
  checker: string;
  parameters: Record<string, unknown>;
  deployments: PlanDeployment[];
  resources: PlanResource[];
  outputs: Record<string, { type: string; value: unknown }>;
}

export interface Report {
  ok: boolean;
  files: string[];
  compiler: { version: string; how: string } | null;
  problems: string[];
  scenarios: { name: string; resources: number }[];
}

export interface RunResult {
  status: number | null;
  output: string;
}

/** Runs the validator; `root` defaults to this repo, `out` to its .cache/infra. */
export function runValidator(root = repoRoot, out?: string): RunResult {
  const args = [validator, '--root', root, ...(out ? ['--out', out] : [])];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 600_000 });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

function newestInput(): number {
  const walk = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((latest, e) => {
      const p = join(dir, e.name);
      return Math.max(latest, e.isDirectory() ? walk(p) : statSync(p).mtimeMs);
    }, 0);
  return Math.max(walk(infraDir), statSync(join(repoRoot, 'shared', 'entities.json')).mtimeMs);
}

let cached: { report: Report; plans: Record<string, Plan> } | undefined;

/** The validator's report and plans, rebuilt when missing or older than infra/ or shared/entities.json. */
export function build(): { report: Report; plans: Record<string, Plan> } {
  if (cached) return cached;
  const reportFile = join(outDir, 'report.json');
  if (!existsSync(reportFile) || statSync(reportFile).mtimeMs < newestInput()) {
    const r = runValidator();
    if (!existsSync(reportFile)) throw new Error(`validate-infra produced no report:\n${r.output}`);
  }
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  const plans: Record<string, Plan> = {};
  for (const s of report.scenarios) {
    plans[s.name] = JSON.parse(readFileSync(join(outDir, 'plan', `${s.name}.json`), 'utf8')) as Plan;
  }
  cached = { report, plans };
  return cached;
}

export function plan(name: string): Plan {
  const p = build().plans[name];
  if (!p) throw new Error(`no plan for scenario '${name}': ${build().report.problems.join('\n')}`);
  return p;
}

/** Deployed (condition true, not `existing`) resources of a type. */
export function deployed(p: Plan, type: string): PlanResource[] {
  return p.resources.filter((r) => r.type === type && r.condition && !r.existing);
}

export function one(p: Plan, type: string): PlanResource {
  const found = deployed(p, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0]!;
}

/** Every .bicep file, relative to the repo, with its text. */
export function bicepSources(): { file: string; text: string }[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.bicep') ? [join(dir, e.name)] : [],
    );
  return walk(infraDir).map((f) => ({ file: relative(repoRoot, f), text: readFileSync(f, 'utf8') }));
}

/** ISO 8601 duration (PnDTnHnMnS) in seconds. */
export function durationSeconds(iso: string): number {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso);
  if (!m) throw new Error(`not an ISO 8601 duration: ${iso}`);
  const [, d, h, min, s] = m.map((x) => Number(x ?? 0));
  return (d ?? 0) * 86400 + (h ?? 0) * 3600 + (min ?? 0) * 60 + (s ?? 0);
}
