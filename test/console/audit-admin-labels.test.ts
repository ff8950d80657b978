import { readdirSync, readFileSync } from 'node:fs';
import { Kind, parse, type EnumTypeDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { auditAdminEn, auditAdminZh, CHANGE_KINDS as CONSOLE_CHANGE_KINDS } from '../../console/src/audit-admin/messages.js';
import { CHANGE_KINDS } from '../../src/changes/index.js';
import { PURPOSE_LABELS, SEVERITY_LABELS } from '../../src/reports/index.js';

const messages = auditAdminZh as Record<string, string>;
const english = auditAdminEn as Record<string, string>;

/** The values of an enum of the hub's SDL files. */
function enumValues(file: string, name: string): string[] {
  const doc = parse(readFileSync(new URL(`../../schema/${file}`, import.meta.url), 'utf8'));
  const found = doc.definitions.find((d): d is EnumTypeDefinitionNode => d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === name);
  if (!found) throw new Error(`${name} not in ${file}`);
  return (found.values ?? []).map((v) => v.name.value);
}

describe("the auditors' and administrators' pages' labels", () => {
  it('say what the server says for purposes and severities (copied from src/reports/labels.ts)', () => {
    for (const [code, label] of Object.entries(PURPOSE_LABELS)) {
      expect([messages[`reviewPurpose_${code}`], english[`reviewPurpose_${code}`]]).toEqual([label.zh, label.en]);
    }
    for (const [code, label] of Object.entries(SEVERITY_LABELS)) {
      expect([messages[`severity_${code}`], english[`severity_${code}`]]).toEqual([label.zh, label.en]);
    }
  });

  it("share no key with another page's words (merged into one table, the later would win)", () => {
    // Read as text: the console's modules resolve imports the bundler's way, not Node's.
    const consoleSrc = new URL('../../console/src/', import.meta.url);
    const others = [
      new URL('i18n.ts', consoleSrc),
      ...readdirSync(consoleSrc, { withFileTypes: true })
        .filter((d) => d.isDirectory() && d.name !== 'audit-admin' && d.name !== 'gql')
        .map((d) => new URL(`${d.name}/messages.ts`, consoleSrc)),
    ];
    const keysOf = (text: string) => [...text.matchAll(/^\s+'?([\w.-]+)'?: /gm)].map((m) => m[1]!);
    const theirs = new Set(
      others.flatMap((file) => {
        try {
          return keysOf(readFileSync(file, 'utf8'));
        } catch {
          return [];
        }
      }),
    );
    expect(Object.keys(messages).filter((k) => theirs.has(k))).toEqual([]);
  });

  it('offer the change kinds the hub delivers, each labelled', () => {
    expect([...CONSOLE_CHANGE_KINDS].sort()).toEqual([...CHANGE_KINDS].sort());
  });

  it('label every value of the enums the pages show', () => {
    const missing = [
      ...enumValues('audit-findings.graphql', 'AuditFindingRule').map((v) => `findingRule_${v}`),
      ...enumValues('audit-findings.graphql', 'AuditFindingStatus').map((v) => `findingStatus_${v}`),
      ...enumValues('security-log.graphql', 'SecurityEventKind').map((v) => `securityKind_${v}`),
      ...Object.keys(PURPOSE_LABELS).map((v) => `reviewPurpose_${v}`),
    ].filter((key) => !(key in messages));
    expect(missing).toEqual([]);
  });
});
