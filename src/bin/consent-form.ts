import { demoConsentForm } from '../consent/index.js';

/** `npm run -s consent-form [-- "note"] > consent.pdf`: a demo signed consent form (a well-formed PDF) for development. */
process.stdout.write(demoConsentForm(process.argv[2]));
