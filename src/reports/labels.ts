import type { Conclusion, Programme } from '../assessment/index.js';
import { CONCLUSION_LABELS as CONCLUSIONS, DISCREPANCY_LABELS as DISCREPANCIES, PROGRAMME_LABELS as PROGRAMMES, type Label } from './label-tables.js';
import type { DiscrepancyKind } from './report.js';

// The words live in label-tables.ts (plain data the web console reads too); here they are checked
// against the server's enums, so a programme, conclusion or discrepancy kind without a label fails the type check.
export { AREA_LABELS, HARDSHIP_GROUP_LABELS, INCOME_KIND_LABELS, NEED_TAG_LABELS, PURPOSE_LABELS, RELATION_LABELS, REPORT_STATUS_LABELS, SEVERITY_LABELS, SEX_LABELS, SOURCE_STATUS_LABELS, SPECIAL_GROUP_LABELS, TARGET_GROUP_LABELS, URGENCY_LABELS, type Label } from './label-tables.js';
export const PROGRAMME_LABELS: Record<Programme, Label> = PROGRAMMES;
export const CONCLUSION_LABELS: Record<Conclusion, Label> = CONCLUSIONS;
export const DISCREPANCY_LABELS: Record<DiscrepancyKind, Label> = DISCREPANCIES;

/** The Chinese label of a code of one of the lists above; the code itself when the list does not know it. */
export function zhOf(labels: Record<string, Label>, code: string): string {
  return labels[code]?.zh ?? code;
}

/** `中文 English` for a code of one of the lists above; the code itself when the list does not know it. */
export function bilingual(labels: Record<string, Label>, code: string): string {
  const l = labels[code];
  return l ? `${l.zh} ${l.en}` : code;
}
