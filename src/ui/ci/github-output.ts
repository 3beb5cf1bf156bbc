// GitHub Actions step outputs: `name<<DELIMITER` … `DELIMITER` blocks
// appended to the file $GITHUB_OUTPUT names, so values may span lines. The
// delimiter is random and checked against the value, so no value can end its
// block early (or set another output).
import { randomBytes } from 'node:crypto';

export function githubOutputText(values: Readonly<Record<string, string>>, random = () => randomBytes(9).toString('hex')): string {
  return Object.entries(values)
    .map(([key, value]) => {
      let delimiter: string;
      do delimiter = `ghadelimiter_${random()}`;
      while (value.includes(delimiter));
      return `${key}<<${delimiter}\n${value}\n${delimiter}\n`;
    })
    .join('');
}
