import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

/**
 * Where results go: `bench/results` under the directory npm runs scripts from (the repository root); a
 * quick run writes to `bench/results/quick` (not committed) so it never overwrites the full run's figures.
 */
export function resultsDir(quick = false): string {
  return quick ? join(process.cwd(), 'bench', 'results', 'quick') : join(process.cwd(), 'bench', 'results');
}

/** What every results file records about how and where it was measured. */
export interface RunInfo {
  command: string;
  date: string;
  quick: boolean;
  node: string;
  platform: string;
  cpu: string;
  cpus: number;
  memoryGb: number;
}

export function runInfo(quick: boolean): RunInfo {
  const cpu = cpus();
  return {
    command: `npm run bench${quick ? ' -- --quick' : ''}`,
    date: new Date().toISOString(),
    quick,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpu: cpu[0]?.model ?? 'unknown',
    cpus: cpu.length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
  };
}

export function writeResult(name: string, data: unknown, quick = false): string {
  const dir = resultsDir(quick);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data, null, 2) + '\n');
  return file;
}

export function log(line: string): void {
  process.stdout.write(line + '\n');
}
