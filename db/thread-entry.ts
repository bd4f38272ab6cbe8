/**
 * Where a worker thread's entry file is: beside the module that starts it, as `.js` in the build, or as the
 * TypeScript source in the tests, loaded through their require hook (test/support/register-ts.js).
 */
import path from 'node:path';

export function threadEntry(dir: string, base: string, starter: string): { file: string; execArgv: string[] | undefined } {
  const extension = path.extname(starter);
  const file = path.join(dir, `${base}${extension}`);
  if (extension !== '.ts') return { file, execArgv: undefined };
  return { file, execArgv: ['--require', path.join(dir, '..', 'test', 'support', 'register-ts.js')] };
}
