// Text for the XML reports (JUnit of `--junit` and of `fnf test`): escaped,
// and without the characters XML 1.0 cannot hold at all (most control
// characters), which an error message or a flow's output may carry.

/** Character data. */
export function xmlText(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** An attribute value in double quotes; line breaks and tabs as references, which attribute normalisation keeps. */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
