import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { headingAnchor } from '../../config/heading-anchor';
import { REPO_ROOT } from '../support/synth-stack';
import { documentationPages } from './support/code-blocks';

/** The page's text outside its code blocks. */
const prose = (file: string) => readFileSync(join(REPO_ROOT, file), 'utf8').replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '');

const anchorsOf = (file: string) => [...prose(file).matchAll(/^#{1,6} (.+)$/gm)].map((match) => headingAnchor(match[1]!.trim()));

describe('the links between README.md and docs/', () => {
  const links = documentationPages().flatMap((file) =>
    [...prose(file).matchAll(/\]\(([^)\s]+)\)/g)]
      .map((match) => match[1]!)
      .filter((target) => !/^[a-z]+:/.test(target))
      .map((target) => {
        const [path, anchor] = target.split('#') as [string, string | undefined];
        return { file, target, page: path === '' ? file : normalize(join(dirname(file), path)), anchor };
      }),
  );

  it('are found', () => {
    expect(links.length).toBeGreaterThan(20);
  });

  it('each lead to a file of the repository', () => {
    expect(links.filter((link) => !existsSync(join(REPO_ROOT, link.page))).map((link) => `${link.file}: ${link.target}`)).toEqual([]);
  });

  it('each lead to a heading of the page they name, where they name one', () => {
    const broken = links.filter((link) => link.anchor !== undefined && link.page.endsWith('.md') && existsSync(join(REPO_ROOT, link.page)) && !anchorsOf(link.page).includes(link.anchor));
    expect(broken.map((link) => `${link.file}: ${link.target}`)).toEqual([]);
  });
});
