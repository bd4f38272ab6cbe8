const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = async () => {
  const dir = process.env.DVC_TEST_PG_DIR;
  if (!dir) return;
  execFileSync('bash', [path.join(__dirname, '..', '.ci', 'postgres'), 'stop', dir], { stdio: 'ignore' });
};
