/** The text of `dendrite --help`, written from the flag table. */
import { FLAGS } from './flags.js';

/** Columns `--help` fits in: a terminal's default 80 would split most lines; 110 fits a laptop's half screen. */
const HELP_WIDTH = 110;

/** Greedy word wrap. */
function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** The text of `dendrite --help`: every flag with its default. */
export function helpText(): string {
  const rows = FLAGS.map((f) => {
    const left = `--${f.name}${f.value ? ` ${f.value}` : ''}${f.name === 'help' ? ', -h' : f.name === 'version' ? ', -V' : ''}`;
    const scope = f.commands ? ` [${f.commands.join(', ')}]` : '';
    const dflt = f.defaultText ? ` (default: ${f.defaultText})` : '';
    return { left, right: `${f.help}${scope}${dflt}` };
  });
  const width = Math.max(...rows.map((r) => r.left.length));
  const wrap = (line: string) => wrapText(line, HELP_WIDTH - width - 4).join(`\n${' '.repeat(width + 4)}`);
  return [
    'Usage: dendrite [compare | sweep] [flags]',
    '',
    'Shows what regularization does: one network, trained with and without L1, L2 and Dropout on the same data,',
    'compared in a table and a self-contained HTML report.',
    '',
    'Commands:',
    '  compare  (default) train one architecture once per variant (none, L1, L2, L1L2, Dropout, L2 + Dropout)',
    '  sweep    train one model per value of a coefficient C and plot validation loss against C; best: the lowest',
    '           final validation loss, with the values within noise of it flagged (docs/regularization.md)',
    '',
    'Flags:',
    ...rows.map((r) => `  ${r.left.padEnd(width)}  ${wrap(r.right)}`),
    '',
    'Examples:',
    '  npx dendrite compare',
    '  npx dendrite compare --dataset moons --label-noise 0.2 --variants none,l2,dropout',
    '  npx dendrite sweep --regularizer l2 --values 1e-5,1e-4,1e-3,1e-2',
    '  npx dendrite compare --dataset csv:data.csv --target label --hidden 32,32',
    '',
    'Exit codes: 0 success, 1 failure while running, 2 a mistake in the flags, the config or the data file.',
  ].join('\n');
}
