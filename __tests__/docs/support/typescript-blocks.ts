import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ts from 'typescript';
import { parseSynthesized, REPO_ROOT, type Synthesized } from '../../support/synth-stack';
import type { CodeBlock } from './code-blocks';

/**
 * How a TypeScript block of the docs is completed into a program, as the docs tell a reader to use it:
 * a whole program (it imports what it uses) runs as it is; a block that declares the stack goes where
 * main.ts declares it; any other block adds to the stack main.ts declares, `stack`.
 */
export function asProgram(block: CodeBlock): string {
  if (/^import /m.test(block.body)) return block.body;
  const prelude = ["import { App, PgBackend } from 'cdktf';", "import { MonitoredService, SentinelStack } from 'sentinel';", 'const app = new App();'];
  if (!/new SentinelStack\(/.test(block.body)) prelude.push("const stack = new SentinelStack(app, 'sentinel', {});");
  return [...prelude, block.body, 'app.synth();', ''].join('\n');
}

/** Where a block's program is compiled from: beside main.ts, so that `./index` and node_modules resolve as main.ts's do. */
const programPath = (index: number) => join(REPO_ROOT, `docs-block-${index}.ts`);

/** Compiler options of the project, with the package's name mapped to the repository's entry point. */
function compilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(join(REPO_ROOT, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, REPO_ROOT);
  // A snippet need not use every name its completion imports.
  return { ...parsed.options, noEmit: true, noUnusedLocals: false, paths: { sentinel: ['./index.ts'] }, baseUrl: REPO_ROOT };
}

/** Type-checks the blocks' programs against the repository's sources: one list of error messages per block. */
export function typeCheck(blocks: CodeBlock[]): string[][] {
  const sources = new Map(blocks.map((block, index) => [programPath(index), asProgram(block)]));
  const options = compilerOptions();
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (path) => sources.get(path) ?? readFile(path);
  host.fileExists = (path) => sources.has(path) || fileExists(path);
  const program = ts.createProgram([...sources.keys()], options, host);
  return [...sources.keys()].map((path) =>
    ts.getPreEmitDiagnostics(program, program.getSourceFile(path)).map((diagnostic) => {
      const at = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start) : undefined;
      return `${at ? `${at.line + 1}:${at.character + 1} ` : ''}${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    }),
  );
}

/**
 * Runs a block's program as `npm run synth` would run main.ts, into a directory of its own, and returns each
 * synthesized stack by name. `sentinel` is the repository's entry point, as in a team's project it is the package's.
 */
export function synthesize(block: CodeBlock, env: Record<string, string> = {}): Record<string, Synthesized> {
  const outdir = mkdtempSync(join(tmpdir(), 'sentinel-docs-block-'));
  const given = { ...env, CDKTF_OUTDIR: outdir };
  const saved = Object.fromEntries(Object.keys(given).map((name) => [name, process.env[name]]));
  Object.assign(process.env, given);
  try {
    const { outputText } = ts.transpileModule(asProgram(block), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
    const requireFor = (name: string): unknown => require(name === 'sentinel' ? join(REPO_ROOT, 'index') : name);
    const program = { exports: {} };
    new Function('require', 'module', 'exports', outputText)(requireFor, program, program.exports);
    const stacksDir = join(outdir, 'stacks');
    return Object.fromEntries(
      readdirSync(stacksDir).map((name) => [name, parseSynthesized(readFileSync(join(stacksDir, name, 'cdk.tf.json'), 'utf8'))]),
    );
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(outdir, { recursive: true, force: true });
  }
}
