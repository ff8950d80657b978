export { checkIdNumber, checkCharacter, composeIdNumber, maskIdNumber, maskIdNumbersIn } from './id-number.js';
export type { IdNumberCheck, IdNumberProblem, ParsedIdNumber } from './id-number.js';
