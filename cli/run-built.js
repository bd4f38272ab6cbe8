/**
 * `node cli/run-built.js <cli> [args…]`: runs the built command-line tool dist/cli/<cli>.js, compiling first only
 * when the build is missing or older than a source file. Plain JavaScript, so that it runs before any build.
 *
 * Why check instead of always building (as the pre-scripts did, 4 s and more before `--help` answered) or never
 * (and telling people to run `npm run build`): a stale build runs yesterday's code without a word, and for
 * `migrate` and `import` that is yesterday's code against today's database. Comparing modification times of the
 * sources with the build's costs a few milliseconds.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
/** The folders the CLIs are compiled from (tsconfig.build.json builds these and the benchmark). */
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

function main() {
  const [name, ...args] = process.argv.slice(2);
  if (!name || !/^[a-z-]+$/.test(name) || !fs.existsSync(path.join(__dirname, `${name}.ts`))) {
    process.stderr.write('usage: node cli/run-built.js <cli name> [args…]\n');
    return 2;
  }
  const built = path.join(ROOT, 'dist', 'cli', `${name}.js`);
  if (isStale(ROOT, built)) {
    // On stderr, so that a tool's own output (--json) stays clean.
    process.stderr.write(`${fs.existsSync(built) ? 'Sources changed since the last build' : 'Not built yet'}: building (npm run build)…\n`);
    const build = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')], { stdio: ['ignore', 2, 2] });
    if (build.status !== 0) return build.status ?? 2;
    // tsc does not rewrite an output file whose text is unchanged: mark this one built now.
    const now = new Date();
    fs.utimesSync(built, now, now);
  }
  const run = spawnSync(process.execPath, [built, ...args], { stdio: 'inherit' });
  if (run.error) throw run.error;
  return run.status ?? 1;
}

if (require.main === module) process.exitCode = main();

module.exports = { isStale };
