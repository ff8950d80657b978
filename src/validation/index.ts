// Offers: the checks every input string, date and id goes through before anything is stored or asked (text, dates, UUIDs).
// Keeps: the control-character classes, the per-key length limits and the calendar arithmetic.
export { checkText, checkTexts, printable, TEXT_LIMITS, DEFAULT_TEXT_LIMIT, type TextLimits } from './text.js';
export { parseDay, parseInstant, isRealDay } from './dates.js';
export { isUuid, requireUuid } from './ids.js';
