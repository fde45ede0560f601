import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RULE_ID, VAULT_PLATFORM_PACK } from '../../constructs/policy/vault-platform-pack';
import { RULES_DOC_PATH, rulesDocument } from '../../scripts/generate-rules-doc';

const RULES_DIR = join(__dirname, '..', '..', 'constructs', 'policy', 'rules');

describe('rules inventory', () => {
  it('docs/rules.md is the generated text (run npm run docs:rules after changing the pack)', () => {
    expect(readFileSync(RULES_DOC_PATH, 'utf8')).toBe(rulesDocument());
  });

  it('lists every rule, with its ID, severity, description, message and fix', () => {
    const text = rulesDocument();
    for (const entry of VAULT_PLATFORM_PACK.entries) {
      expect(text).toContain(`| ${entry.id} | ${entry.severity} | [${entry.rule.name}](../constructs/policy/rules/${entry.rule.name}.ts) |`);
      expect(text).toContain(`### ${entry.id}\n\n${entry.message}\n\nFix: ${entry.fix}\n`);
    }
  });
});

describe('VAULT_PLATFORM_PACK', () => {
  const entries = VAULT_PLATFORM_PACK.entries;

  it('gives every rule a unique ID of the form VP-<AREA>-<n>', () => {
    const ids = entries.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(RULE_ID);
      expect(id.startsWith(`${VAULT_PLATFORM_PACK.name}-`)).toBe(true);
    }
  });

  it('runs every rule file exactly once, one rule per file named after the rule', () => {
    const files = readdirSync(RULES_DIR).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '')).sort();
    expect(entries.map((e) => e.rule.name).sort()).toEqual(files);
  });

  it('owns a message and a fix for every rule, written as sentences', () => {
    for (const e of entries) {
      expect(e.message).toMatch(/^[A-Z].*\.$/);
      expect(e.fix).toMatch(/^[A-Z].*\S$/);
      expect(['error', 'warning']).toContain(e.severity);
      expect(e.rule.appliesTo.length).toBeGreaterThan(0);
    }
  });
});
