// Starts a throwaway PostgreSQL cluster for the suite when none is given (TEST_DATABASE_URL) and the machine
// has PostgreSQL installed; the PostgreSQL tests are skipped (and counted as skipped) otherwise.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

module.exports = async () => {
  if (process.env.TEST_DATABASE_URL || process.env.TEST_POSTGRES === '0') return;
  const installed = fs.existsSync('/usr/lib/postgresql') && fs.readdirSync('/usr/lib/postgresql').some((v) => fs.existsSync(path.join('/usr/lib/postgresql', v, 'bin', 'initdb')));
  if (!installed) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dvc-pg-'));
  try {
    const url = execFileSync('bash', [path.join(__dirname, '..', '.ci', 'postgres'), 'start', dir], { encoding: 'utf8', env: { ...process.env, PG_NO_INSTALL: '1' } }).trim();
    process.env.TEST_DATABASE_URL = url;
    process.env.DVC_TEST_PG_DIR = dir;
  } catch (error) {
    // A machine whose PostgreSQL cannot start (no postgres user, …): the PostgreSQL tests are skipped.
    console.warn(`PostgreSQL could not be started for the tests: ${error.message}`);
  }
};
