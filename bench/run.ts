import { allocationChart, runAllocation } from './allocation/run';
import { runCost } from './cost/run';
import { runE2E } from './e2e/run';
import { runMicro } from './micro/run';
import { join } from 'node:path';
import { updateReadme } from './report';
import { log, resultsDir, runInfo, writeResult } from './support/results';

/**
 * `npm run bench [-- --quick] [-- --only=allocation,micro,e2e,cost]`: runs the benchmarks and writes
 * bench/results/*.json and allocation.svg (a quick run: bench/results/quick/), then the summary tables of
 * bench/README.md. Not part of `npm test`: they are slow and the machine is noisy.
 */
interface Section {
  name: string;
  run(quick: boolean): Promise<void>;
}

const sections: Section[] = [
  {
    name: 'allocation',
    async run(quick) {
      const info = runInfo(quick);
      const report = runAllocation({ variants: !quick, log });
      writeResult('allocation.json', { run: info, ...report }, quick);
      writeResult('allocation.svg', allocationChart(report, info.date), quick);
    },
  },
  {
    name: 'micro',
    async run(quick) {
      const info = runInfo(quick);
      writeResult('micro.json', { run: info, ...runMicro(quick) }, quick);
    },
  },
  {
    name: 'e2e',
    async run(quick) {
      const info = runInfo(quick);
      writeResult('e2e.json', { run: info, ...(await runE2E(quick)) }, quick);
    },
  },
  {
    name: 'cost',
    async run(quick) {
      const info = runInfo(quick);
      writeResult('cost.json', { run: info, ...(await runCost(quick)) }, quick);
    },
  },
];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const onlyArg = args.find((a) => a.startsWith('--only='));
  const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : undefined;
  const unknown = args.filter((a) => a !== '--quick' && !a.startsWith('--only='));
  if (unknown.length > 0)
    throw new Error(`unknown arguments: ${unknown.join(' ')} (use --quick, --only=a,b)`);
  const started = Date.now();
  let failed = 0;
  for (const section of sections) {
    if (only && !only.has(section.name)) continue;
    const t0 = Date.now();
    log(`${section.name}${quick ? ' (quick)' : ''} …`);
    try {
      await section.run(quick);
      log(`${section.name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    } catch (error) {
      failed++;
      log(`${section.name} FAILED: ${(error as Error).stack ?? error}`);
    }
  }
  if (!failed && !only) {
    // The summary tables of bench/README.md are generated from the results just written.
    const readme = join(process.cwd(), 'bench', quick ? 'results/quick/SUMMARY.md' : 'README.md');
    if (quick) writeResult('SUMMARY.md', '<!-- results:start -->\n<!-- results:end -->\n', true);
    if (updateReadme(readme, resultsDir(quick))) log(`summary tables written to ${readme}`);
  }
  log(
    `bench finished in ${((Date.now() - started) / 1000).toFixed(1)} s${failed ? `, ${failed} section(s) failed` : ''}`,
  );
  process.exitCode = failed ? 1 : 0;
}

void main();
