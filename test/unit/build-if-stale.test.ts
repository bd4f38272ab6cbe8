import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Plain JavaScript, which npm runs before any build.
const { isStale } = require('../../cli/build-if-stale.js') as { isStale: (root: string, built: string) => boolean };

describe('the CLI scripts\' build check', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dvc-build-if-stale-'));
  const built = path.join(root, 'dist', 'cli', 'import-cli.js');
  const source = path.join(root, 'server', 'routes', 'catalogue-routes.ts');
  const at = (file: string, seconds: number) => fs.utimesSync(file, seconds, seconds);

  beforeAll(() => {
    for (const dir of ['domain', 'db', 'imports', 'server/routes', 'cli', 'dist/cli']) fs.mkdirSync(path.join(root, dir), { recursive: true });
    fs.writeFileSync(source, '');
    fs.writeFileSync(path.join(root, 'cli', 'import-cli.ts'), '');
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('builds when there is no build', () => {
    expect(isStale(root, built)).toBe(true);
  });

  it('runs the build as it is when no source is newer', () => {
    fs.writeFileSync(built, '');
    at(source, 1_000);
    at(path.join(root, 'cli', 'import-cli.ts'), 1_000);
    at(built, 2_000);
    expect(isStale(root, built)).toBe(false);
  });

  it('builds again when a source in any layer changed since', () => {
    at(source, 3_000);
    expect(isStale(root, built)).toBe(true);
  });
});
