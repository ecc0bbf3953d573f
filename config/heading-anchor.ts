/**
 * A Markdown heading's anchor as GitHub makes it: lower case, punctuation but `-` and `_` dropped,
 * each space a dash; so one link works in the repository and on the pages rendered from it.
 */
export function headingAnchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}
