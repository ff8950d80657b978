import {
  getArgumentValues,
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  type FieldNode,
  type FragmentSpreadNode,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type InlineFragmentNode,
  type SelectionSetNode,
} from 'graphql';
import type { Catalog } from '../catalog/index.js';
import type { WantedFields } from '../verification/index.js';

/** Whether @skip / @include leave this selection in (fields skipped are not fetched either). */
function included(node: FieldNode | FragmentSpreadNode | InlineFragmentNode, info: GraphQLResolveInfo): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.['if'] === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.['if'] !== false;
}

/** The fields selected on an object type, fragments included. */
function selectedFields(set: SelectionSetNode | undefined, info: GraphQLResolveInfo): FieldNode[] {
  if (!set) return [];
  return set.selections.flatMap((s): FieldNode[] => {
    if (!included(s, info)) return [];
    if (s.kind === Kind.FIELD) return [s];
    if (s.kind === Kind.INLINE_FRAGMENT) return selectedFields(s.selectionSet, info);
    const fragment = info.fragments[s.name.value];
    return fragment ? selectedFields(fragment.selectionSet, info) : [];
  });
}

/**
 * Reads the client's selection on a VerificationReport and turns it into the attributes to fetch:
 * typed `records { <source> { <item> } }` name codes directly; `attributes(codes:, sources:)`
 * names them by argument (without arguments: everything the purpose allows); `discrepancies`
 * adds what the comparison with the declaration needs, `assessment` what the means test reads.
 * Only those sources are called.
 */
export function wantedFromSelection(info: GraphQLResolveInfo, catalog: Catalog): WantedFields {
  const codes = new Set<string>();
  const unknown: string[] = [];
  let everything = false;
  let discrepancies = false;
  let assessment = false;
  const memberType = info.schema.getType('MemberReport') as GraphQLObjectType;
  const attributesField = memberType.getFields()['attributes']!;
  for (const top of info.fieldNodes.flatMap((n) => selectedFields(n.selectionSet, info))) {
    const name = top.name.value;
    if (name === 'discrepancies' || name === 'undeclaredItemsFound') discrepancies = true;
    if (name === 'assessment') assessment = true;
    if (name !== 'members') continue;
    for (const field of selectedFields(top.selectionSet, info)) {
      if (field.name.value === 'records') {
        for (const sourceField of selectedFields(field.selectionSet, info)) {
          const sourceId = sourceField.name.value;
          for (const item of selectedFields(sourceField.selectionSet, info)) {
            const code = `${sourceId}.${item.name.value}`;
            if (catalog.attribute(code)) codes.add(code);
          }
        }
      } else if (field.name.value === 'attributes') {
        const args = getArgumentValues(attributesField, field, info.variableValues) as { codes?: string[] | null; sources?: string[] | null };
        if (!args.codes && !args.sources) everything = true;
        for (const c of args.codes ?? []) {
          if (catalog.attribute(c)) codes.add(c);
          else unknown.push(c);
        }
        for (const s of args.sources ?? []) {
          if (!catalog.source(s)) unknown.push(s);
          for (const a of catalog.attributesOf(s)) codes.add(a.code);
        }
      }
    }
  }
  return { attributes: everything ? null : codes, discrepancies, assessment, unknown };
}
