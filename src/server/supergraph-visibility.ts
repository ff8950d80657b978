import { Kind, visit, type DocumentNode, type FieldDefinitionNode } from 'graphql';
import { GUARDS, type GuardedField } from './resolvers/guard.js';

/** Operations of the audit (src/policy): auditors ask the hub itself, never a platform's gateway. */
const AUDIT_OPERATIONS: ReadonlySet<string> = new Set(['readAudit', 'runAuditFindings']);
/** Admins' settings of the audit's anomaly rules: audit too, though their role is managePolicy's. */
const AUDIT_SETTINGS: readonly GuardedField[] = ['registerAuditActor', 'saveAuditFindingParameters'];

/**
 * Root fields the hub keeps out of any supergraph (`@inaccessible`): the audit log, the security
 * log, the anomaly findings and their settings. A gateway's API schema does not have them, so no
 * platform client can ask them even with an auditor's token; they stay in the hub's own schema
 * (and its `_service` SDL), where auditors use them directly. Derived from the guards, so a new
 * audit field is hidden without being listed here.
 */
export const OUT_OF_SUPERGRAPH: ReadonlySet<string> = new Set(
  (Object.entries(GUARDS) as [GuardedField, { operation: string }][]).filter(([field, g]) => AUDIT_OPERATIONS.has(g.operation) || AUDIT_SETTINGS.includes(field)).map(([field]) => field),
);

const ROOT_TYPES = new Set(['Query', 'Mutation']);

function inaccessible(field: FieldDefinitionNode): FieldDefinitionNode {
  if (field.directives?.some((d) => d.name.value === 'inaccessible')) return field;
  return { ...field, directives: [...(field.directives ?? []), { kind: Kind.DIRECTIVE, name: { kind: Kind.NAME, value: 'inaccessible' }, arguments: [] }] };
}

/** The SDL with `@inaccessible` on every root field of OUT_OF_SUPERGRAPH. */
export function hideFromSupergraph(document: DocumentNode): DocumentNode {
  const rootFields = (node: { name: { value: string }; fields?: readonly FieldDefinitionNode[] }) =>
    ROOT_TYPES.has(node.name.value) && node.fields ? { ...node, fields: node.fields.map((f) => (OUT_OF_SUPERGRAPH.has(f.name.value) ? inaccessible(f) : f)) } : undefined;
  return visit(document, { ObjectTypeDefinition: rootFields, ObjectTypeExtension: rootFields });
}
