import { create } from 'qrcode';

/**
 * What an offline verifier needs to check a printout against the signed report: the report id, the
 * SHA-256 of its canonical JSON and the id of the key that signed it (the key itself is in the hub's
 * /.well-known/jwks.json, which the verifier keeps). JSON with short, stable names.
 */
export function qrPayload(report: { id: string; reportSha256: string; kid: string; revision: number }): string {
  return JSON.stringify({ report: report.id, sha256: report.reportSha256, kid: report.kid, revision: report.revision });
}

/**
 * The QR code drawn as SVG squares in the page (qrcode computes the matrix locally; nothing is
 * fetched, and SVG prints sharp at any resolution). Error correction M: a creased printout still reads.
 */
export function ReportQr({ payload, label }: { payload: string; label: string }) {
  const { size, data } = create(payload, { errorCorrectionLevel: 'M' }).modules;
  const quiet = 4;
  const cells: string[] = [];
  for (let row = 0; row < size; row++) for (let col = 0; col < size; col++) if (data[row * size + col]) cells.push(`M${col + quiet} ${row + quiet}h1v1h-1z`);
  return (
    <svg className="report-qr" role="img" aria-label={label} data-payload={payload} viewBox={`0 0 ${size + 2 * quiet} ${size + 2 * quiet}`} shapeRendering="crispEdges">
      <rect width="100%" height="100%" fill="#fff" />
      <path d={cells.join('')} fill="#000" />
    </svg>
  );
}
