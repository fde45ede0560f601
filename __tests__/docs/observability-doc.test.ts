import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SIGNALS, SIGNAL_IDS, UNMEASURED_SIGNALS } from '../../constructs/observability/signals';

const DOC = readFileSync(join(__dirname, '..', '..', 'docs', 'observability.md'), 'utf8');

/** Rows of the table under `## Signals`: signal ID, severity and missing-data treatment as documented. */
function documentedSignals(): Map<string, { severity: string; missingData: string }> {
  const section = DOC.slice(DOC.indexOf('\n## Signals\n'), DOC.indexOf('\n## ', DOC.indexOf('\n## Signals\n') + 1));
  const rows = new Map<string, { severity: string; missingData: string }>();
  for (const line of section.split('\n')) {
    const cells = /^\| `([a-z0-9-]+)` \|/.test(line) ? line.split('|').map((cell) => cell.trim()) : undefined;
    if (cells) rows.set(cells[1].replace(/`/g, ''), { severity: cells[4], missingData: cells[5] });
  }
  return rows;
}

describe('docs/observability.md', () => {
  it('lists every signal, with the severity and missing-data treatment of constructs/observability/signals.ts', () => {
    const rows = documentedSignals();
    expect([...rows.keys()].sort()).toEqual([...SIGNAL_IDS, ...Object.keys(UNMEASURED_SIGNALS)].sort());
    for (const id of SIGNAL_IDS) {
      expect({ id, ...rows.get(id) }).toEqual({ id, severity: SIGNALS[id].severity, missingData: SIGNALS[id].treatMissingData });
    }
  });
});
