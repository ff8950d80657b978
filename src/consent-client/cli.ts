import { PURPOSES } from '../catalog/index.js';
import { runCli } from '../cli/index.js';
import { checkCommandLine, DEFAULT_HUB, OPTIONS } from './args.js';
import { importConsents } from './import.js';

function helpText(): string {
  return `usage: npm run -s consents -- import FILE [--document FORM] [--purposes P[,P]] [--valid-from DATE] [--valid-until DATE] [--hub URL] [--token-file FILE]

Registers members' signed consents in bulk through the hub (registerConsents, 200 per call), each
validated and audited like any other registration. A batch needs every member's consent first.
FILE is CSV or .xlsx (header row, one consent per row; a CSV in GBK/GB18030 is converted) or JSON
Lines (one consent object per line), streamed;
the batch file itself works too (its idNumber and name columns, or each line's members and
supporters). Columns / keys:
  idNumber, name                    required
  purposes                          e.g. PERIODIC_REVIEW or NEW_APPLICATION;PERIODIC_REVIEW (else --purposes)
  validFrom, validUntil             ISO dates (else --valid-from, --valid-until)
  document or documentSha256        the signed form's file (relative to FILE's folder; uploaded once)
                                    or the hash POST /consents/documents answered (else --document)
  guardianIdNumber, guardianName    for a minor: the adult who signed
A line the client or the hub refuses is reported with its line number and the others go on.
Prints, on stdout, one JSON line: { lines, registered, failed, failures: [{ line, reason }] }.

options:
  --document FORM     the signed form (PDF, JPEG or PNG) for lines that name none
  --purposes P        ${PURPOSES.join(', ')} (several: comma-separated)
  --valid-from DATE   --valid-until DATE: the consent's validity for lines that give none
  --format F          csv, xlsx or jsonl (default: from the extension)
  --hub URL           the hub (default HUB_URL, else ${DEFAULT_HUB})
  --token-file FILE   a file holding the bearer token; otherwise HUB_TOKEN is read
  -h, --help          this text

examples:
  export HUB_TOKEN=$(npm run -s token -- --role verifier --role assistance-system --org 370102)
  npm run -s consents -- import households.csv --document signed-forms.pdf --purposes PERIODIC_REVIEW --valid-from 2026-01-01 --valid-until 2027-12-31
  npm run -s consents -- import consents.jsonl --hub https://hub.example --token-file ~/.hub-token

exit codes: 0 every line registered; 1 a line failed, or the hub refused the import (token, role,
unreachable); 2 bad command line or unreadable file.`;
}

/** `npm run -s consents -- import FILE ...` (helpText above). */
export async function runConsentsCli(argv: string[]): Promise<void> {
  await runCli(
    {
      name: 'consents',
      help: helpText(),
      options: OPTIONS,
      positionals: true,
      async run({ values, positionals }) {
        const args = checkCommandLine(values, positionals);
        const summary = await importConsents(args, (columns) => console.error(`consents: column(s) ${columns.join(', ')} ignored`));
        for (const f of summary.failures) console.error(`consents: line ${f.line}: ${f.reason}`);
        if (summary.failed > summary.failures.length) console.error(`consents: ... ${summary.failed - summary.failures.length} more failed line(s)`);
        process.stdout.write(`${JSON.stringify(summary)}\n`);
        if (summary.failed > 0) process.exitCode = 1;
      },
    },
    argv,
  );
}
