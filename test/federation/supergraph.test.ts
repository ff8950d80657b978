import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { platformTypeDefs } from '../../examples/assistance-platform/index.js';
import { composeSupergraph, CompositionError, hubSubgraph } from '../../src/federation/index.js';
import { OUT_OF_SUPERGRAPH } from '../../src/server/index.js';

const platform = { name: 'assistance-platform', typeDefs: platformTypeDefs, url: 'http://127.0.0.1:4101/graphql' };

describe('the supergraph (hub + sample assistance platform)', () => {
  it('composes without errors or hints, the hub and the platform both contributing Household', () => {
    const { supergraphSdl, hints } = composeSupergraph([hubSubgraph('http://127.0.0.1:4000/graphql'), platform]);
    expect(hints).toEqual([]);
    expect(supergraphSdl).toMatch(/type Household\s+@join__type\(graph: ASSISTANCE_PLATFORM, key: "id"\)\s+@join__type\(graph: VERIFICATION_HUB, key: "id"\)/);
    expect(supergraphSdl).toMatch(/status: HouseholdStatus @join__field\(graph: VERIFICATION_HUB\)/);
    expect(supergraphSdl).toMatch(/cases: \[Case!\]! @join__field\(graph: ASSISTANCE_PLATFORM\)/);
  });

  it('marks every audit root field @inaccessible: in the hub, not in any supergraph API', () => {
    const { supergraphSdl } = composeSupergraph([hubSubgraph('http://hub/graphql'), platform]);
    const hidden = [...supergraphSdl.matchAll(/^\s+(\w+)(?:\([^)]*\))?: [^\n]*@inaccessible/gm)].map((m) => m[1]).sort();
    expect(hidden).toEqual([...OUT_OF_SUPERGRAPH].sort());
    expect(hidden).toEqual(expect.arrayContaining(['auditEvents', 'auditChain', 'securityEvents', 'auditFindings', 'runAuditFindings', 'registerAuditActor']));
    expect(hidden).not.toContain('household');
  });

  it('fails naming each composition error with its code', () => {
    const clash = parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
      type Household @key(fields: "id") { id: ID! regionCode: Int! }
      type Query { stray: Household }
    `);
    let error: unknown;
    try {
      composeSupergraph([hubSubgraph('http://hub/graphql'), { name: 'broken-platform', typeDefs: clash, url: 'http://broken/graphql' }]);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CompositionError);
    const problems = (error as CompositionError).problems;
    expect(problems.some((p) => p.startsWith('FIELD_TYPE_MISMATCH:') && p.includes('Household.regionCode'))).toBe(true);
    expect((error as CompositionError).message).toMatch(/^supergraph composition failed with \d+ error\(s\)/);
  });
});
