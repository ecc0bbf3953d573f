import { Marked } from 'marked';
import { headingAnchor } from './heading-anchor';

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => HTML_ESCAPES[char]!);
}

/** docs/runbook.md as the HTML page the gateway serves, each heading with the anchor alerts link to. */
export function renderRunbookPage(markdown: string): string {
  const marked = new Marked({
    renderer: {
      heading({ tokens, depth, text }) {
        return `<h${depth} id="${headingAnchor(text)}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
      },
    },
  });
  const title = /^# (.+)$/m.exec(markdown)?.[1] ?? 'Runbook';
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head>
<body style="max-width: 48rem; margin: auto; font-family: sans-serif; line-height: 1.5">
${marked.parse(markdown, { async: false })}</body>
</html>
`;
}
