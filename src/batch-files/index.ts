// Offers: reading batch files as people have them: DecodeToUtf8 (UTF-8 or GBK/GB18030 in, UTF-8 out, FileEncodingError naming the line), xlsxRows (an .xlsx sheet, streamed), and the check for ID numbers a spreadsheet turned into numbers (ID_NUMBER_SCIENTIFIC_NOTATION).
// Keeps: how the encoding is decided and how cells become text.
export { DecodeToUtf8, FileEncodingError } from './decode.js';
export type { TextEncoding } from './decode.js';
export { ID_NUMBER_SCIENTIFIC_NOTATION, isSpreadsheetNumber, spreadsheetNumberMessage } from './id-number-cells.js';
export { xlsxRows } from './xlsx-rows.js';
export type { SheetRow } from './xlsx-rows.js';
