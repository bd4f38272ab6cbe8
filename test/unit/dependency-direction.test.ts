/**
 * The folders depend one way: domain/ ← db/ ← imports/ ← server/ ← cli/, and inside server/ the routes and
 * middleware reach the database only through the services createApp hands them (server/services/index.ts).
 * Every import of every source file is read with the TypeScript compiler (type-only imports, re-exports,
 * require() and import() included) and checked against the rules below; a failure names the file, the line
 * and the import.
 */
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');
const LAYERS = ['domain', 'db', 'imports', 'server', 'cli', 'tools'] as const;
type Layer = (typeof LAYERS)[number];

/** The project folders each layer may import from (besides itself); npm packages are free except in domain/. */
const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  domain: [],
  db: ['domain'],
  imports: ['db', 'domain'],
  server: ['imports', 'db', 'domain'],
  cli: ['server', 'imports', 'db', 'domain'],
  // Tools for developers (the sample generator): they may use the code, the application never uses them.
  tools: ['server', 'imports', 'db', 'domain'],
};

/**
 * What routes and middleware may take from db/: the errors the database layer throws, which the error handler
 * turns into answers (a busy database: "try again"). Data access comes through the services.
 */
const DB_FOR_ROUTES = new Set(['db/errors.ts']);

interface Edge {
  from: string;
  line: number;
  specifier: string;
  /** The project file it resolves to (relative to the root), or null for a package or built-in. */
  to: string | null;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(rel);
    return entry.name.endsWith('.ts') ? [rel] : [];
  });
}

function resolveRelative(from: string, specifier: string): string {
  const base = path.posix.join(path.posix.dirname(from), specifier);
  const found = [`${base}.ts`, `${base}/index.ts`, base].find((candidate) => fs.existsSync(path.join(ROOT, candidate)));
  if (!found) throw new Error(`${from}: cannot resolve ${specifier}`);
  return found;
}

function importsOf(file: string): Edge[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const edges: Edge[] = [];
  const add = (node: ts.Node, specifier: string): void => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    edges.push({ from: file, line, specifier, to: specifier.startsWith('.') ? resolveRelative(file, specifier) : null });
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node, node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      add(node, node.moduleReference.expression.text);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) add(node, node.arguments[0].text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node, node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

const layerOf = (file: string): string => file.split('/')[0];
const isBuiltin = (specifier: string): boolean => specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]);
const describeEdge = (edge: Edge): string => `${edge.from}:${edge.line} imports '${edge.specifier}'`;

const edges = LAYERS.flatMap(sourceFiles).flatMap(importsOf);

describe('dependency direction', () => {
  it('reads the imports of every layer', () => {
    for (const layer of LAYERS) expect(edges.some((edge) => edge.from.startsWith(`${layer}/`))).toBe(true);
  });

  it.each(LAYERS)('%s/ imports only the layers below it', (layer) => {
    const allowed = new Set<string>([layer, ...MAY_IMPORT[layer]]);
    const wrong = edges.filter((edge) => layerOf(edge.from) === layer && edge.to !== null && !allowed.has(layerOf(edge.to)));
    expect(wrong.map(describeEdge)).toEqual([]);
  });

  it.each(['server/routes/', 'server/middleware/'])('%s never imports db/ (repositories come through the services)', (folder) => {
    const wrong = edges.filter((edge) => edge.from.startsWith(folder) && edge.to !== null && layerOf(edge.to) === 'db' && !DB_FOR_ROUTES.has(edge.to));
    expect(wrong.map(describeEdge)).toEqual([]);
  });

  it('domain/ depends on nothing but Node built-ins', () => {
    const wrong = edges.filter((edge) => layerOf(edge.from) === 'domain' && edge.to === null && !isBuiltin(edge.specifier));
    expect(wrong.map(describeEdge)).toEqual([]);
  });
});
