import { allCodeBlocks, claimsInTests, codeBlockUnder, codeBlocksOf, isPasteable, type CodeBlock } from './support/code-blocks';

const where = (block: CodeBlock) => `${block.file}:${block.line} (${block.heading})`;

describe('the code blocks of README.md and docs/', () => {
  const blocks = allCodeBlocks();
  const claims = claimsInTests();

  it('are found on every page, pasteable ones among them', () => {
    expect(new Set(blocks.map((block) => block.file))).toContain('README.md');
    expect(blocks.filter(isPasteable).length).toBeGreaterThan(5);
  });

  it('are each claimed by a test that runs them, when a reader would paste them (sh, bash, shell, ts, typescript)', () => {
    const claimed = new Set(claims.map((claim) => `${claim.file}\n${claim.heading}`));
    expect(blocks.filter(isPasteable).filter((block) => !claimed.has(`${block.file}\n${block.heading}`)).map(where)).toEqual([]);
  });

  it('are each claimed by one heading alone: every claim names exactly one pasteable block', () => {
    const unresolved = claims.filter((claim) => {
      try {
        codeBlockUnder(claim.file, claim.heading);
        return false;
      } catch {
        return true;
      }
    });
    expect(unresolved.map((claim) => `${claim.by} claims ${claim.file} "${claim.heading}"`)).toEqual([]);
  });

  it('carry a language, so that none is pasteable by accident or left out by accident', () => {
    expect(blocks.filter((block) => block.language === '').map(where)).toEqual([]);
  });

  it('show commands no test can run as a console session, every command after a `$ ` prompt, so they are not pasted as they are', () => {
    const unprompted = blocks
      .filter((block) => block.language === 'console')
      .filter((block) => !/^\$ /.test(block.body) || block.body.split('\n').some((line) => /^(npm|docker|export|bash|TF_VAR_|amtool|sed|git) /.test(line)));
    expect(unprompted.map(where)).toEqual([]);
  });
});

describe('the code block parser', () => {
  it('reads a block with its language and the heading above it', () => {
    const deploy = codeBlocksOf('README.md').find((block) => block.heading === 'Deploy');
    expect([deploy?.language, deploy?.body.split('\n')[0]]).toEqual(['sh', 'npm ci']);
    expect(codeBlocksOf('README.md').some((block) => block.body.startsWith('```'))).toBe(false);
  });
});
