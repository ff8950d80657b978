/**
 * A minimal, well-formed PDF standing in for a scanned, signed consent form (授权书) in development,
 * demos and tests: header, two objects, a cross-reference table, startxref and %%EOF, over 1 KB,
 * so it passes the upload's structure check. A real deployment uploads the real scan.
 */
export function demoConsentForm(note = 'signed consent form (demo)'): Buffer {
  const pad = `% ${'授权书 '.repeat(4)}${'x'.repeat(900)}\n`;
  const head = '%PDF-1.4\n';
  const catalog = '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n';
  const body = `${head}${catalog}2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${note}\n${pad}`;
  const offsets = [Buffer.byteLength(head), Buffer.byteLength(head + catalog)];
  const table = `xref\n0 3\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer << /Size 3 /Root 1 0 R >>\nstartxref\n${Buffer.byteLength(body)}\n%%EOF\n`;
  return Buffer.from(body + table, 'utf8');
}
