#!/usr/bin/env node
'use strict';
// `npm start`: the collector on an embedded SQLite file, nothing else to install.
// Without PANE_TOKENS it makes a write and a read token once and keeps them in .data/tokens.env.
// It also starts the demo emitter (scripts/demo.ts) against it, so the dashboards show live
// pipelines; PANE_DEMO=0 turns the demo off. With the demo on and no SLA config given, the
// collector uses the demo's (docker/demo/slas.yaml).
const { spawn } = require('node:child_process');
const readline = require('node:readline');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dataDir = path.join(root, '.data');
const tokensFile = path.join(dataDir, 'tokens.env');

function tokens() {
  if (process.env.PANE_TOKENS) return process.env.PANE_TOKENS;
  fs.mkdirSync(dataDir, { recursive: true });
  if (!fs.existsSync(tokensFile)) {
    const write = crypto.randomBytes(16).toString('hex');
    const read = crypto.randomBytes(16).toString('hex');
    fs.writeFileSync(tokensFile, `PANE_WRITE_TOKEN=${write}\nPANE_READ_TOKEN=${read}\n`, { mode: 0o600 });
  }
  const values = Object.fromEntries(
    fs.readFileSync(tokensFile, 'utf8').trim().split('\n').map((line) => line.split('=')),
  );
  console.log(`Pipeline Pane tokens (from ${path.relative(root, tokensFile)}):`);
  console.log(`  write: ${values.PANE_WRITE_TOKEN}`);
  console.log(`  read:  ${values.PANE_READ_TOKEN}`);
  return `${values.PANE_WRITE_TOKEN}:write,${values.PANE_READ_TOKEN}:read`;
}

const demoEnabled = process.env.PANE_DEMO !== '0';
const args = process.argv.slice(2);
const slaArgs =
  demoEnabled && !process.env.PANE_SLA_CONFIG && !args.some((arg) => arg.startsWith('--sla-config'))
    ? ['--sla-config', path.join(root, 'docker', 'demo', 'slas.yaml')]
    : [];
const tokenList = tokens();

const child = spawn(
  process.execPath,
  [path.join(root, 'bin', 'pane.js'), 'serve', '--database', process.env.PANE_DATABASE_URL || path.join(dataDir, 'pane.sqlite'), ...slaArgs, ...args],
  { stdio: ['inherit', 'pipe', 'inherit'], env: { ...process.env, PANE_TOKENS: tokenList } },
);

let demo;
// The collector's log goes through as it is; its "listening" line says where the demo should send.
readline.createInterface({ input: child.stdout }).on('line', (line) => {
  console.log(line);
  if (demo || !demoEnabled) return;
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return;
  }
  if (entry.msg === 'Pipeline Pane collector listening' && entry.url) startDemo(entry.url.replace('://0.0.0.0:', '://127.0.0.1:'));
});

function startDemo(url) {
  const writeToken = tokenList
    .split(',')
    .map((entry) => entry.trim().split(':'))
    .find(([, scope]) => scope === 'write')?.[0];
  if (!writeToken) {
    console.log('npm start: no write token in PANE_TOKENS, so the demo emitter is not started');
    return;
  }
  const script = path.join(root, 'build', 'scripts', 'demo.js');
  if (!fs.existsSync(script)) {
    console.log('npm start: the demo emitter is not built (npm run build:node); starting without it');
    return;
  }
  console.log(`npm start: playing demo pipelines into ${url} (PANE_DEMO=0 to turn off)`);
  demo = spawn(process.execPath, [script, '--url', url, '--quiet'], { stdio: 'inherit', env: { ...process.env, PANE_TOKEN: writeToken } });
  demo.on('exit', (code) => {
    if (code) console.log(`npm start: the demo emitter stopped (exit ${code}); the collector keeps running`);
  });
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (demo && demo.exitCode === null) demo.kill(signal);
    child.kill(signal);
  });
}
child.on('exit', (code, signal) => {
  if (demo && demo.exitCode === null) demo.kill('SIGTERM');
  process.exit(code ?? (signal ? 1 : 0));
});
