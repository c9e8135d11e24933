#!/usr/bin/env node
// Zips dist/ as Grafana installs a plugin: one top-level folder named after the plugin id
// (pipelinepane-app/plugin.json, pipelinepane-app/module.js, ...), which is what Grafana
// expects when the zip is unpacked into its plugins folder or fetched through GF_INSTALL_PLUGINS.
// Run after `npm run build:plugin`.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const yazl = require('yazl');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');

function fail(message) {
  console.error(`package-plugin: ${message}`);
  process.exit(1);
}

/** Every file under dir, as sorted POSIX paths relative to dir, so the zip's order is stable. */
function listFiles(dir, prefix = '') {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        return listFiles(path.join(dir, entry.name), relative);
      }
      return entry.isFile() ? [relative] : [];
    })
    .sort();
}

function main() {
  const pluginJsonPath = path.join(dist, 'plugin.json');
  if (!fs.existsSync(pluginJsonPath)) {
    fail('dist/plugin.json is missing: run `npm run build:plugin` first');
  }
  const pluginJson = JSON.parse(fs.readFileSync(pluginJsonPath, 'utf8'));
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  if (pluginJson.info.version !== version) {
    fail(`dist/plugin.json says version ${pluginJson.info.version} but package.json says ${version}: rebuild first`);
  }

  const files = listFiles(dist);
  const leftovers = files.filter(
    (file) => file.endsWith('plugin.json') && /%(VERSION|TODAY)%/.test(fs.readFileSync(path.join(dist, file), 'utf8')),
  );
  if (leftovers.length > 0) {
    fail(`placeholders left in ${leftovers.join(', ')}: the build did not fill them`);
  }

  const zipName = `${pluginJson.id}-${version}.zip`;
  const zipPath = path.join(root, zipName);
  const zip = new yazl.ZipFile();
  // A fixed timestamp keeps the zip byte-identical for identical dist/ contents.
  const mtime = new Date('2000-01-01T00:00:00Z');
  for (const file of files) {
    zip.addFile(path.join(dist, file), `${pluginJson.id}/${file}`, { mtime, mode: 0o100644 });
  }
  zip.end();

  const temporary = `${zipPath}.partial`;
  zip.outputStream
    .pipe(fs.createWriteStream(temporary))
    .on('error', (error) => fail(error.message))
    .on('close', () => {
      // Rename only once complete, so a failed run never leaves a truncated zip under the real name.
      fs.renameSync(temporary, zipPath);
      console.log(`${zipName}: ${files.length} files under ${pluginJson.id}/`);
    });
}

main();
