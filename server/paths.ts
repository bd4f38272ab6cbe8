import fs from 'node:fs';
import path from 'node:path';

/** The project root (the folder holding package.json), whether running from sources or from dist/. */
function findRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${start}`);
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findRoot(__dirname);
export const VIEWS_DIR = path.join(PROJECT_ROOT, 'views');
export const STATIC_DIR = path.join(PROJECT_ROOT, 'static');
export const SAMPLE_CATALOGUE = path.join(PROJECT_ROOT, 'imports', 'sample', 'quang-ngai-sample.csv');
