#!/usr/bin/env node
'use strict';
// `npm start`: the collector on an embedded SQLite file, nothing else to install.
// Without PANE_TOKENS it makes a write and a read token once and keeps them in .data/tokens.env.
const { spawn } = require('node:child_process');
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

const child = spawn(
  process.execPath,
  [path.join(root, 'bin', 'pane.js'), 'serve', '--database', process.env.PANE_DATABASE_URL || path.join(dataDir, 'pane.sqlite'), ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, PANE_TOKENS: tokens() } },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
