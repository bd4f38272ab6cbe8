/**
 * Lets a child process started by a test run the project's TypeScript sources directly (`node -r
 * ./test/support/register-ts.js cli/import-cli.ts …`), transpiled on load with the TypeScript compiler the
 * project already depends on. Tests only: the application itself runs from the tsc build.
 */
const fs = require('node:fs');
const ts = require('typescript');

require.extensions['.ts'] = function compile(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false },
  });
  module._compile(outputText, filename);
};
