import { runCli } from '../cli/index.js';
import { demoConsentForm } from '../consent/index.js';

const HELP = `usage: npm run -s consent-form [-- "NOTE"] > consent.pdf

Writes a demo signed consent form (a well-formed PDF over 1 KB) to stdout, for development: it
stands in for the scanned, signed authorisation uploaded with POST /consents/documents. NOTE is
printed in the form (e.g. a household's reference) and makes its hash differ.

examples:
  npm run -s consent-form > /tmp/consent.pdf
  npm run -s consent-form -- "household H-1024" > h-1024.pdf`;

await runCli({
  name: 'consent-form',
  help: HELP,
  options: {},
  positionals: true,
  async run({ positionals }) {
    process.stdout.write(demoConsentForm(positionals[0]));
  },
});
