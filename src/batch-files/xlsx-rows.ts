import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';

/** One data row of a sheet: cells by header name, as text, and which of them were numeric cells. */
export interface SheetRow {
  /** The row's number in the sheet (the header is row 1 in most files), as Excel shows it. */
  line: number;
  record: Record<string, string>;
  numeric: Set<string>;
}

/** A cell's text: rich text joined, a formula's result, a date as YYYY-MM-DD, a hyperlink's text. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  if ('error' in value) return '';
  return '';
}

/**
 * The rows of the first worksheet of an .xlsx file (a path or its bytes), read as a stream (exceljs' WorkbookReader:
 * the sheet XML is parsed as it is unzipped, rows are never all in memory). The first non-empty
 * row is the header. Numeric cells are marked, so that an ID number Excel stored as a number is
 * caught by name rather than read as a wrong ID number.
 */
export async function* xlsxRows(input: string | Readable, onHeader: (names: string[]) => string[]): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', entries: 'ignore' });
  for await (const sheet of reader) {
    let header: string[] | null = null;
    for await (const row of sheet) {
      const values = (row.values as ExcelJS.CellValue[]).slice(1);
      if (values.every((v) => cellText(v).trim() === '')) continue;
      if (header === null) {
        header = onHeader(values.map((v) => cellText(v).trim()));
        continue;
      }
      const record: Record<string, string> = {};
      const numeric = new Set<string>();
      header.forEach((name, i) => {
        const v = values[i];
        record[name] = cellText(v).trim();
        if (typeof v === 'number') numeric.add(name);
      });
      yield { line: row.number, record, numeric };
    }
    // The first worksheet only: a workbook's other sheets are notes, totals, lookups.
    return;
  }
}
