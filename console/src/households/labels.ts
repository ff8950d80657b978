import type { Language } from '../i18n';
import { PROGRAMME_LABELS, PURPOSE_LABELS, REPORT_STATUS_LABELS, TARGET_GROUP_LABELS, URGENCY_LABELS, type Label } from '../../../src/reports/label-tables';

/**
 * The server's own label tables (src/reports/label-tables.ts: plain data, no imports, so the
 * console bundles it): a code reads the same on a page as in the printed report.
 */
export const LABELS = {
  programme: PROGRAMME_LABELS as Record<string, Label>,
  purpose: PURPOSE_LABELS,
  reportStatus: REPORT_STATUS_LABELS,
  targetGroup: TARGET_GROUP_LABELS,
  urgency: URGENCY_LABELS,
};

export type LabelTable = keyof typeof LABELS;

/** The code's label in the language, or the code itself when the table has none. */
export function labelOf(table: LabelTable, code: string, language: Language): string {
  const label = LABELS[table][code];
  return label ? (language === 'en' ? label.en : label.zh) : code;
}

/** Batch and household states the API gives as strings (schema/batch.graphql), with their labels. */
export const BATCH_STATUS_LABELS: Record<string, Label> = {
  RECEIVING: { zh: '正在接收', en: 'receiving' },
  QUEUED: { zh: '排队中', en: 'queued' },
  RUNNING: { zh: '核对中', en: 'running' },
  DONE: { zh: '已完成', en: 'done' },
  REFUSED: { zh: '已拒绝', en: 'refused' },
  FAILED: { zh: '失败', en: 'failed' },
  CANCELLED: { zh: '已取消', en: 'cancelled' },
};

export function batchStatusLabel(code: string, language: Language): string {
  const label = BATCH_STATUS_LABELS[code];
  return label ? (language === 'en' ? label.en : label.zh) : code;
}
