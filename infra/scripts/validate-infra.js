#!/usr/bin/env node
'use strict';
/**
 * npm run validate:infra
 *
 * 1. The real Bicep CLI, when it can be had (BICEP_BIN, else infra/scripts/fetch-bicep.sh: the pinned NuGet
 *    package, cached in .cache/bicep/<version>/, else `bicep` on PATH): `bicep build` every .bicep file to
 *    .cache/infra/arm/ and `bicep lint` it; any warning or error fails (infra/bicepconfig.json sets the
 *    linter rules to error as well).
 * 2. Always, the fallback checker (bicep-lite.js over tree-sitter-bicep, installed pinned into
 *    .cache/infra-tools/): syntax, symbols, module parameters/outputs, its linter rules, and an evaluation
 *    of main.bicep for a few parameter sets into .cache/infra/plan/<scenario>.json, which the tests read.
 *
 * Usage: node infra/scripts/validate-infra.js [--root <repo dir>] [--out <dir>] [--quiet]
 * Exit codes: 0 clean, 1 diagnostics, 2 the checks could not run.
 */
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const TOOLS = { 'tree-sitter': '0.22.4', 'tree-sitter-bicep': '1.1.0' };
const SCRIPT_REPO = path.resolve(__dirname, '..', '..');

function parseArgs(argv) {
  const args = { root: SCRIPT_REPO, out: null, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--root') args.root = path.resolve(argv[++i]);
    else if (argv[i] === '--out') args.out = path.resolve(argv[++i]);
    else if (argv[i] === '--quiet') args.quiet = true;
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  args.out = args.out || path.join(args.root, '.cache', 'infra');
  return args;
}

function cleanEnv() {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (
      /^npm_(package_|lifecycle_)/.test(k) ||
      ['npm_config_prefix', 'npm_config_local_prefix', 'npm_config_global'].includes(k)
    )
      delete env[k];
  }
  return env;
}

/** Installs the pinned tree-sitter packages into .cache/infra-tools (once; reused afterwards). */
function ensureFallbackTools(log) {
  const dir = path.join(SCRIPT_REPO, '.cache', 'infra-tools');
  const stamp = path.join(dir, 'tools.json');
  const want = JSON.stringify(TOOLS);
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === want) return dir;
  log(
    `installing the fallback checker's parser (${Object.entries(TOOLS)
      .map(([n, v]) => `${n}@${v}`)
      .join(', ')}) into .cache/infra-tools`,
  );
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const tmp = fs.mkdtempSync(path.join(path.dirname(dir), 'infra-tools-'));
  fs.writeFileSync(
    path.join(tmp, 'package.json'),
    JSON.stringify({ name: 'ants-infra-tools', private: true, dependencies: TOOLS }, null, 2),
  );
  const r = spawnSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'],
    {
      cwd: tmp,
      env: cleanEnv(),
      encoding: 'utf8',
      timeout: 300000,
    },
  );
  if (r.status !== 0) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new Error(`npm install of the fallback tools failed:\n${r.stderr || r.stdout || r.error}`);
  }
  fs.writeFileSync(path.join(tmp, 'tools.json'), want);
  fs.rmSync(dir, { recursive: true, force: true });
  try {
    fs.renameSync(tmp, dir);
  } catch {
    fs.rmSync(tmp, { recursive: true, force: true }); // another run installed it meanwhile
  }
  return dir;
}

function findBicep(log) {
  if (process.env.BICEP_BIN) return { bin: process.env.BICEP_BIN, how: 'BICEP_BIN' };
  const fetch = spawnSync('bash', [path.join(SCRIPT_REPO, 'infra', 'scripts', 'fetch-bicep.sh')], {
    encoding: 'utf8',
    timeout: 300000,
  });
  if (fetch.status === 0 && fetch.stdout.trim())
    return { bin: fetch.stdout.trim().split('\n').pop(), how: 'NuGet (pinned)' };
  const which = spawnSync('bash', ['-c', 'command -v bicep'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return { bin: which.stdout.trim(), how: 'PATH' };
  log(`Bicep CLI unavailable: ${(fetch.stderr || '').trim().split('\n').pop() || 'fetch-bicep.sh failed'}`);
  return null;
}

function listBicepFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listBicepFiles(p));
    else if (e.name.endsWith('.bicep')) out.push(p);
  }
  return out.sort();
}

/** azd-style ${VAR} / ${VAR=default} substitution, then the string-to-type conversion azd applies. */
function azdParameters(file, env, mainDecls) {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  const out = {};
  for (const [name, spec] of Object.entries(raw.parameters || {})) {
    let v = spec.value;
    if (typeof v === 'string') {
      v = v.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:=([^}]*))?\}/g, (_, k, def) =>
        env[k] !== undefined ? env[k] : (def ?? ''),
      );
      const decl = mainDecls.find((d) => d.kind === 'param' && d.name === name);
      if (decl && decl.typeText === 'bool' && /^(true|false)$/i.test(v)) v = v.toLowerCase() === 'true';
      if (decl && decl.typeText === 'int' && /^-?\d+$/.test(v)) v = Number(v);
    }
    out[name] = v;
  }
  return out;
}

const SAMPLE_ENV = {
  AZURE_ENV_NAME: 'ants-sample',
  AZURE_LOCATION: 'eastus2',
  AZURE_PRINCIPAL_ID: '11111111-2222-3333-4444-555555555555',
};
/** Parameter sets the plan is evaluated for (the tests read one plan per scenario). */
const SCENARIOS = [
  { name: 'default', env: SAMPLE_ENV, overrides: {} },
  {
    name: 'offline',
    env: { ...SAMPLE_ENV, AZURE_PRINCIPAL_ID: '', ANTS_DEPLOY_OPENAI: 'false' },
    overrides: {},
  },
  {
    name: 'provisioned',
    env: { ...SAMPLE_ENV, ANTS_COSMOS_CAPACITY_MODE: 'provisioned', ANTS_NODE_VERSION: '20' },
    overrides: {
      tenantConsumerGroups: ['ants-tenant-contoso', 'ants-tenant-fabrikam'],
      eventHubPartitionCount: 8,
      cosmosAutoscaleMaxThroughput: 4000,
    },
  },
];

function fmt(root, d) {
  const where = d.pos ? `${path.relative(root, d.pos.file)}(${d.pos.line},${d.pos.col})` : '';
  return `${where} : Error ${d.code}: ${d.message}`;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const log = (m) => args.quiet || console.log(`validate:infra: ${m}`);
  const infraDir = path.join(args.root, 'infra');
  const files = listBicepFiles(infraDir);
  if (!files.length) {
    console.error(`validate:infra: no .bicep files under ${infraDir}`);
    return 2;
  }
  fs.rmSync(args.out, { recursive: true, force: true });
  fs.mkdirSync(path.join(args.out, 'plan'), { recursive: true });
  const problems = [];
  const report = {
    ok: false,
    root: args.root,
    files: files.map((f) => path.relative(args.root, f)),
    compiler: null,
    fallback: { tools: TOOLS },
    scenarios: [],
    problems,
  };

  // 1. The real Bicep CLI.
  const bicep = findBicep(log);
  if (bicep) {
    const version = spawnSync(bicep.bin, ['--version'], { encoding: 'utf8' });
    report.compiler = { bin: bicep.bin, how: bicep.how, version: (version.stdout || '').trim() };
    log(`compiling with ${report.compiler.version} (${bicep.how})`);
    for (const f of files) {
      const rel = path.relative(infraDir, f);
      const outFile = path.join(args.out, 'arm', rel.replace(/\.bicep$/, '.json'));
      fs.mkdirSync(path.dirname(outFile), { recursive: true });
      for (const cmd of [
        ['build', f, '--outfile', outFile],
        ['lint', f],
      ]) {
        const r = spawnSync(bicep.bin, cmd, { encoding: 'utf8', cwd: args.root });
        const lines = `${r.stdout || ''}\n${r.stderr || ''}`
          .split('\n')
          .filter((l) => /\b(Warning|Error)\b/.test(l));
        for (const l of lines) if (!problems.includes(l.trim())) problems.push(l.trim());
        if (r.status !== 0 && !lines.length)
          problems.push(
            `${path.relative(args.root, f)} : Error bicep ${cmd[0]} exited ${r.status}: ${(r.stderr || '').trim()}`,
          );
      }
    }
  } else {
    log(
      'falling back to tree-sitter-bicep + bicep-lite (syntax, symbols, linter subset, evaluation); see infra/README.md',
    );
  }

  // 2. The fallback checker (always: the plans are what the tests read).
  let lite;
  let toolsDir;
  try {
    toolsDir = ensureFallbackTools(log);
    lite = require('./bicep-lite');
    lite.getParser(toolsDir);
  } catch (e) {
    console.error(`validate:infra: cannot run the fallback checker: ${e.message}`);
    return 2;
  }
  const rules = lite.readBicepConfig(infraDir);
  const knownTypes = bicep
    ? null
    : new Set(JSON.parse(fs.readFileSync(path.join(__dirname, 'resource-types.json'), 'utf8')).types);
  for (const f of files) {
    const parsed = lite.parseFile(f, toolsDir);
    if (parsed.errors.length) {
      parsed.errors.forEach((e) => problems.push(fmt(args.root, e)));
      continue;
    }
    lite.lintFile(parsed, { toolsDir, rules, knownTypes }).forEach((e) => problems.push(fmt(args.root, e)));
  }

  const mainFile = path.join(infraDir, 'main.bicep');
  const paramsFile = path.join(infraDir, 'main.parameters.json');
  const mainParsed = lite.parseFile(mainFile, toolsDir);
  if (!mainParsed.errors.length && fs.existsSync(paramsFile)) {
    for (const s of SCENARIOS) {
      let params;
      try {
        params = { ...azdParameters(paramsFile, s.env, mainParsed.decls), ...s.overrides };
      } catch (e) {
        problems.push(`${path.relative(args.root, paramsFile)} : Error parameters: ${e.message}`);
        break;
      }
      const plan = {
        scenario: s.name,
        checker: bicep ? report.compiler.version : 'bicep-lite (fallback)',
        parameters: params,
        deployments: [],
        resources: [],
      };
      try {
        const outputs = lite.evaluateTemplate({
          file: mainFile,
          params,
          scope: {
            kind: 'subscription',
            subscriptionId: lite.SAMPLE.subscriptionId,
            location: params.location,
          },
          deployment: `ants-${s.name}`,
          plan,
          toolsDir,
        });
        plan.outputs = Object.fromEntries(Object.entries(plan.deployments[0].outputs));
        void outputs;
        fs.writeFileSync(path.join(args.out, 'plan', `${s.name}.json`), `${JSON.stringify(plan, null, 2)}\n`);
        report.scenarios.push({
          name: s.name,
          resources: plan.resources.filter((r) => r.condition && !r.existing).length,
        });
      } catch (e) {
        if (!(e instanceof lite.BicepError)) throw e;
        const line = fmt(args.root, e);
        if (!problems.includes(line)) problems.push(`${line} [scenario ${s.name}]`);
      }
    }
  } else if (!fs.existsSync(paramsFile)) {
    problems.push('infra/main.parameters.json : Error missing parameters file');
  }

  report.ok = problems.length === 0;
  fs.writeFileSync(path.join(args.out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  if (problems.length) {
    problems.forEach((p) => console.error(p));
    console.error(`validate:infra: FAILED with ${problems.length} problem(s)`);
    return 1;
  }
  const checker = bicep ? report.compiler.version : 'fallback checker (Bicep CLI unavailable)';
  log(
    `OK: ${files.length} files, ${checker}; plans: ${report.scenarios.map((s) => `${s.name} (${s.resources} resources)`).join(', ')}`,
  );
  return 0;
}

process.exitCode = main();
