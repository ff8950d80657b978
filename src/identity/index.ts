// Offers: GB 11643 ID numbers: validation, composition and masking for logs.
// Keeps: the MOD 11-2 check character and the parsing of region and birth date.
export { checkIdNumber, composeIdNumber, maskIdNumber, maskIdNumbersIn, PROVINCE_PREFIXES } from './id-number.js';
