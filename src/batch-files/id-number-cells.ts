/** The code of a line whose ID number a spreadsheet turned into a number (its last digits are lost). */
export const ID_NUMBER_SCIENTIFIC_NOTATION = 'ID_NUMBER_SCIENTIFIC_NOTATION';

/** 3.70102E+17, 3.70102198001011e17: how Excel shows (and saves to CSV) an 18-digit number. */
const SCIENTIFIC = /^\s*\d+(\.\d+)?\s*[eE]\s*\+?\s*\d+\s*$/;

/**
 * Whether an ID number cell holds what a spreadsheet made of it when the column was not Text: a
 * number (an .xlsx numeric cell, a JSON number) or its scientific notation. Its digits past the
 * 15th are gone, so it cannot be repaired, only typed again.
 */
export function isSpreadsheetNumber(value: unknown): boolean {
  return typeof value === 'number' || (typeof value === 'string' && SCIENTIFIC.test(value));
}

/** The message of such a cell, naming its field and never its value (it may be most of an ID number). */
export function spreadsheetNumberMessage(field: string): string {
  return `${field}: a spreadsheet turned the ID number into a number (like 3.70102E+17) and its last digits are lost (${ID_NUMBER_SCIENTIFIC_NOTATION}); format the column as Text, type the ID numbers again and save`;
}
