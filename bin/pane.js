#!/usr/bin/env node
'use strict';
// The CLI is compiled to build/ by `npm run build:node`, which `npm ci` runs through `prepare`.
const path = require('node:path');
const entry = path.join(__dirname, '..', 'build', 'src', 'cli', 'main.js');
let cli;
try {
  cli = require(entry);
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes(entry)) {
    console.error('pane: the CLI is not built yet; run `npm run build:node` in ' + path.join(__dirname, '..'));
    process.exit(1);
  }
  throw error;
}
cli.buildCli()
  .parseAsync(process.argv)
  .catch((error) => {
    console.error('pane: ' + error.message);
    process.exit(1);
  });
