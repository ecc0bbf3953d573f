import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../../support/synth-stack';

/** A fenced code block of a Markdown page, with the heading it stands under. */
export interface CodeBlock {
  /** The page, relative to the repository root (`README.md`, `docs/receivers.md`). */
  file: string;
  /** The text of the nearest heading above the block, without its `#`s. */
  heading: string;
  /** The fence's language, as written after the opening backticks (`sh`, `ts`, `text`). */
  language: string;
  body: string;
  /** 1-based line of the opening fence. */
  line: number;
}

/** Languages a reader pastes as they are: every block in one of them is run by some test. */
const PASTEABLE_LANGUAGES = ['sh', 'bash', 'shell', 'ts', 'typescript'] as const;
const TYPESCRIPT_LANGUAGES = ['ts', 'typescript'];

/** README.md and every Markdown page under docs/, relative to the repository root. */
export function documentationPages(): string[] {
  const underDocs = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return underDocs(path);
      return entry.name.endsWith('.md') ? [relative(REPO_ROOT, path)] : [];
    });
  return ['README.md', ...underDocs(join(REPO_ROOT, 'docs')).sort()];
}

/** Every fenced block of `file`, in order. */
export function codeBlocksOf(file: string): CodeBlock[] {
  const lines = readFileSync(join(REPO_ROOT, file), 'utf8').split('\n');
  const blocks: CodeBlock[] = [];
  let heading = '';
  let open: { language: string; line: number; body: string[] } | undefined;
  lines.forEach((text, index) => {
    if (open) {
      if (text === '```') {
        blocks.push({ file, heading, language: open.language, body: open.body.join('\n'), line: open.line });
        open = undefined;
      } else open.body.push(text);
      return;
    }
    const fence = /^```(\S*)/.exec(text);
    if (fence) {
      open = { language: fence[1]!, line: index + 1, body: [] };
      return;
    }
    const title = /^#{1,6} (.+)$/.exec(text);
    if (title) heading = title[1]!.trim();
  });
  if (open) throw new Error(`${file}:${open.line}: a code block is never closed`);
  return blocks;
}

export function allCodeBlocks(): CodeBlock[] {
  return documentationPages().flatMap(codeBlocksOf);
}

export function isPasteable(block: CodeBlock): boolean {
  return (PASTEABLE_LANGUAGES as readonly string[]).includes(block.language);
}

export function isTypeScript(block: CodeBlock): boolean {
  return TYPESCRIPT_LANGUAGES.includes(block.language);
}

/**
 * The one pasteable block under `heading` in `file`: the claim a test makes before running it.
 * Claims are found by reading the tests' sources (see code-blocks.test.ts), so call this with
 * string literals only.
 */
export function codeBlockUnder(file: string, heading: string): CodeBlock {
  const found = codeBlocksOf(file).filter((block) => block.heading === heading && isPasteable(block));
  if (found.length !== 1) throw new Error(`${file} has ${found.length} pasteable blocks under the heading "${heading}"; a claim needs exactly one`);
  return found[0]!;
}

/** A shell block's commands: lines joined where they end in `\`, comments and blank lines left out. */
export function commandLines(block: CodeBlock): string[] {
  return block.body
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** A claim a test's source makes: a call of codeBlockUnder with the page and heading as string literals. */
export interface Claim {
  file: string;
  heading: string;
  /** The test file that makes it, relative to the repository root. */
  by: string;
}

/** Every claim in the sources under __tests__, read statically so that a claim is a call a test makes. */
export function claimsInTests(): Claim[] {
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path);
      return entry.name.endsWith('.ts') ? [path] : [];
    });
  return sources(join(REPO_ROOT, '__tests__')).flatMap((path) =>
    [...readFileSync(path, 'utf8').matchAll(/codeBlockUnder\(\s*'([^']+)',\s*'([^']+)'\s*\)/g)].map((call) => ({
      file: call[1]!,
      heading: call[2]!,
      by: relative(REPO_ROOT, path),
    })),
  );
}
