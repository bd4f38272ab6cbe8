/**
 * Preloaded by the CLI scripts (`node -r ./cli/build-if-stale.js dist/cli/import-cli.js …`): before node runs
 * the built tool, compiles the project when that build is missing or older than a source file. Plain
 * JavaScript, so that it runs before any build; a preload, so that the tool then runs in this same process.
 *
 * Why check instead of always building (as the pre-scripts did, seconds before `--help` answered) or never
 * (and telling people to run `npm run build`): a stale build runs yesterday's code without a word, and for
 * `migrate` and `import` that is yesterday's code against today's database. Comparing the sources' modification
 * times with the build's costs a few milliseconds.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
/** The folders the CLIs are compiled from (tsconfig.build.json builds these, the tools and the benchmark). */
const SOURCE_DIRS = ['domain', 'db', 'imports', 'server', 'cli'];

/** The newest modification time of the .ts files under `dir`, in milliseconds (0 when there are none). */
function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Whether `built` is missing or older than a source under `root`. */
function isStale(root, built) {
  const builtAt = fs.statSync(built, { throwIfNoEntry: false })?.mtimeMs;
  if (builtAt === undefined) return true;
  return SOURCE_DIRS.some((dir) => newestSource(path.join(root, dir)) > builtAt);
}

function buildIfStale(built) {
  if (!isStale(ROOT, built)) return;
  // On stderr, so that a tool's own output (--json) stays clean.
  process.stderr.write(`${fs.existsSync(built) ? 'Sources changed since the last build' : 'Not built yet'}: building (npm run build)…\n`);
  const build = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')], { stdio: ['ignore', 2, 2] });
  if (build.status !== 0) process.exit(build.status ?? 2);
  // So that the next run finds it fresh even if tsc left this output as it was.
  if (fs.existsSync(built)) {
    const now = new Date();
    fs.utimesSync(built, now, now);
  }
}

// As a preload, the tool about to run is process.argv[1]; anything but a built CLI (the tests requiring this
// file, for one) is left alone.
const main = process.argv[1] ? path.resolve(process.argv[1]) : '';
if (path.dirname(main) === path.join(ROOT, 'dist', 'cli')) buildIfStale(main);

module.exports = { isStale };
