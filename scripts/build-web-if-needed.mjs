#!/usr/bin/env node
// `npm start` builds the web app only when its sources are newer than the last build: a second
// `npm start` (refused anyway if the data directory is in use) must not rebuild, and so empty, the
// dist folder under a server that is serving it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const built = path.join(root, 'packages/web/dist/index.html');
const sources = [
  'packages/web/src',
  'packages/web/public',
  'packages/web/index.html',
  'packages/web/vite.config.ts',
  'packages/domain/src',
];

function newest(p) {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(p).map((e) => newest(path.join(p, e))));
}

const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
if (builtAt > Math.max(...sources.map((s) => newest(path.join(root, s))))) {
  console.log('web app is up to date (packages/web/dist)');
} else {
  const result = spawnSync('npm', ['run', 'build', '-w', '@truceline/web'], {
    cwd: root,
    stdio: 'inherit',
  });
  process.exit(result.status ?? 1);
}
