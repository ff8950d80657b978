import { useEffect, useState } from 'react';
import type { ReportFigureFragment, ReportPageQuery } from '../gql/graphql';
import { request } from '../graphql-client';
import { translate, type Language } from '../i18n';
import { useText } from '../language';
import { codeLabel, colon, formatAmount, formatInstant, formatQuantity, inParens, listJoin } from '../verification/labels';
import { ReportPageDocument } from '../verification/report-query';
import { qrPayload, ReportQr } from '../verification/report-qr';
import '../verification/report.css';

type Report = NonNullable<ReportPageQuery['verificationReport']>;
type Loaded = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'missing' } | { kind: 'done'; report: Report; sources: ReportPageQuery['sources'] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The id in /console/reports/:id. */
function reportIdOf(path: string): string | null {
  const m = /^\/console\/reports\/([^/]+)\/?$/.exec(path);
  return m ? decodeURIComponent(m[1]!) : null;
}

/**
 * Page margins of the printout: the report id at the top of every page and "page n of m" at the
 * bottom (CSS paged media margin boxes, which Chromium prints). A <style> of its own because the
 * id is the report's: margin boxes cannot read the document.
 */
function printPageStyle(id: string, language: Language): string {
  const title = translate(language, 'reportTitle');
  const page = translate(language, 'pageOf', { page: '" counter(page) "' });
  return `@page { size: A4; margin: 18mm 15mm 18mm 15mm;
  @top-left { content: "${title}"; font-size: 8pt; color: #555; }
  @top-right { content: "${translate(language, 'reportId')} ${id}"; font-size: 8pt; color: #555; }
  @bottom-right { content: "${page} / " counter(pages); font-size: 8pt; color: #555; } }`;
}

/** The report as a caseworker reads it: the conclusion first, then what differs, then the figures with their sources; the per-source table folded. */
export function ReportPage() {
  const id = reportIdOf(location.pathname) ?? '';
  const { t, language } = useText();
  const [state, setState] = useState<Loaded>({ kind: 'loading' });
  useEffect(() => {
    if (!UUID.test(id)) {
      setState({ kind: 'failed', message: `${t('reportId')}${colon(language)}${t('badReportId')}` });
      return;
    }
    request(ReportPageDocument, { id }).then(
      (data) => setState(data.verificationReport ? { kind: 'done', report: data.verificationReport, sources: data.sources } : { kind: 'missing' }),
      (err: Error) => setState({ kind: 'failed', message: err.message }),
    );
    // Read again for another id only: the language changes how it is shown, not what is read.
  }, [id]);
  useEffect(() => {
    // The browser's "Save as PDF" names the file after the title.
    if (state.kind === 'done') document.title = `${t('reportTitle')}-${state.report.id}`;
  }, [state, t]);
  if (state.kind === 'loading') return <p role="status">{t('loading')}</p>;
  if (state.kind === 'failed') return <p role="alert">{`${t('loadFailed')}${colon(language)}${state.message}`}</p>;
  if (state.kind === 'missing') return <p role="alert">{t('reportNotFound')}</p>;
  const { report, sources } = state;
  const sourceName = (sid: string) => {
    const s = sources.find((x) => x.id === sid);
    return s ? (language === 'en' ? s.labelEn : s.labelZh) : sid;
  };
  const said = (x: { zh?: string | null; en?: string | null }) => (language === 'en' ? x.en : x.zh) ?? '';
  const a = report.assessment;
  return (
    <article className="report" aria-labelledby="report-title" data-testid="report">
      <style>{printPageStyle(report.id, language)}</style>
      <h1 id="report-title">{t('reportTitle')}</h1>
      <div className="toolbar no-print">
        <button type="button" onClick={() => window.print()}>
          {t('printReport')}
        </button>
        <button type="button" className="button primary" onClick={() => window.print()} aria-describedby="pdf-help">
          {t('downloadPdf')}
        </button>
        <span id="pdf-help" className="hint">
          {t('pdfHelp')}
        </span>
      </div>
      <dl className="meta">
        <dt>{t('reportId')}</dt>
        <dd data-testid="report-id">{report.id}</dd>
        <dt>{t('reportStatus')}</dt>
        <dd>{codeLabel(language, 'reportStatus', report.status)}</dd>
        <dt>{t('household')}</dt>
        <dd>{`${report.household.externalRef}${inParens(language, report.household.regionCode)}`}</dd>
        <dt>{t('purpose')}</dt>
        <dd>{codeLabel(language, 'purpose', report.purpose)}</dd>
        <dt>{t('applicationRef')}</dt>
        <dd>{report.applicationRef}</dd>
        <dt>{t('createdAt')}</dt>
        <dd>{formatInstant(report.createdAt, language)}</dd>
        <dt>{t('completedAt')}</dt>
        <dd>{formatInstant(report.completedAt, language)}</dd>
        <dt>{t('requestedBy')}</dt>
        <dd>{`${report.requester.sub}${inParens(language, report.requester.org)}`}</dd>
      </dl>

      <section aria-labelledby="conclusion-title" className="conclusion">
        <h2 id="conclusion-title">{t('conclusionSection')}</h2>
        {!a && <p>{t('noAssessment')}</p>}
        {a?.eligibility.map((e) => (
          <div key={e.programme} className={`programme conclusion-${e.conclusion.toLowerCase()}`} data-programme={e.programme}>
            <h3>
              {language === 'en' ? e.labelEn : e.labelZh}
              {colon(language)}
              <span className="verdict">{codeLabel(language, 'conclusion', e.conclusion)}</span>
            </h3>
            {e.benefit && (
              <p className="benefit">
                {`${t('benefit')}${colon(language)}${t('perMonth', { amount: formatAmount(e.benefit.total.value, language) })}`}
                {e.benefit.provisional && inParens(language, t('benefitProvisional'))}
                {e.benefit.parts.length > 0 && <span className="parts">{e.benefit.parts.map(said).filter(Boolean).join('；')}</span>}
              </p>
            )}
            <ul className="grounds" aria-label={t('grounds')}>
              {e.grounds.map((g) => (
                <li key={g.code} className={g.holds ? 'holds' : 'fails'}>
                  {said(g)}
                </li>
              ))}
            </ul>
            {e.missing.length > 0 && <p className="missing">{`${t('missingSources')}${colon(language)}${listJoin(language, e.missing.map((m) => `${sourceName(m.source)}${inParens(language, codeLabel(language, 'sourceStatus', m.status))}`))}`}</p>}
          </div>
        ))}
        {a && a.vetoes.length > 0 && (
          <>
            <h3>{t('vetoes')}</h3>
            <ul>
              {a.vetoes.map((v) => (
                <li key={v.code}>{`${language === 'en' ? v.labelEn : v.labelZh}${colon(language)}${v.outcome === 'DEFER' ? t('veto_DEFER', { months: v.deferMonths ?? 0 }) : t('veto_REJECT')}`}</li>
              ))}
            </ul>
          </>
        )}
        {report.missingSources.length > 0 && <p className="missing">{`${t('missingSources')}${colon(language)}${listJoin(language, report.missingSources.map((m) => `${sourceName(m.source)}${inParens(language, codeLabel(language, 'sourceStatus', m.status))}`))}`}</p>}
      </section>

      <section aria-labelledby="discrepancies-title">
        <h2 id="discrepancies-title">{t('discrepanciesSection')}</h2>
        {report.discrepancies.length === 0 ? (
          <p>{t('noDiscrepancies')}</p>
        ) : (
          <ul className="discrepancies">
            {report.discrepancies.map((d, i) => (
              <li key={`${d.kind}-${i}`} className={`severity-${d.severity.toLowerCase()}`}>
                <strong>{`${codeLabel(language, 'discrepancy', d.kind)}${inParens(language, `${t('severity')}${colon(language)}${codeLabel(language, 'severity', d.severity)}`)}`}</strong> {said(d)}
              </li>
            ))}
          </ul>
        )}
      </section>

      {a && (
        <>
          <section aria-labelledby="income-title">
            <h2 id="income-title">{t('incomeSection')}</h2>
            <FigureList
              rows={[
                ...a.income.byKind.map((k) => ({ key: k.kind, label: codeLabel(language, 'incomeKind', k.kind), figure: k.figure })),
                { key: 'gross', label: t('income_gross'), figure: a.income.gross },
                { key: 'rigid', label: t('income_rigidDeductions'), figure: a.income.rigidDeductions },
                { key: 'net', label: t('income_net'), figure: a.income.net },
                { key: 'perCapita', label: t('income_perCapita'), figure: a.income.perCapita },
              ]}
            />
          </section>
          <section aria-labelledby="assets-title">
            <h2 id="assets-title">{t('assetsReportSection')}</h2>
            <p>{a.assets.passes ? t('assetsPass') : t('assetsFail')}</p>
            <FigureList
              rows={[
                { key: 'deposits', label: t('assets_depositsPerCapita'), figure: a.assets.depositsPerCapita },
                { key: 'vehicles', label: t('assets_vehicles'), figure: a.assets.vehicles },
                { key: 'properties', label: t('assets_properties'), figure: a.assets.properties },
                { key: 'capital', label: t('assets_businessCapital'), figure: a.assets.businessCapital },
                ...a.assets.exceeded.map((x) => ({ key: `x-${x.limit}`, label: t('exceededLimit', { limit: x.limit, allowed: formatAmount(x.allowed, language) }), figure: x.figure })),
              ]}
            />
          </section>
        </>
      )}

      <RecordsBySource report={report} sourceName={sourceName} />

      <section aria-labelledby="members-title">
        <h2 id="members-title">{t('householdAndMembers')}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('idNumber')}</th>
              <th scope="col">{t('relation')}</th>
              <th scope="col">{t('birthDate')}</th>
            </tr>
          </thead>
          <tbody>
            {report.members.map((m) => (
              <tr key={m.person.id}>
                <td>{m.name}</td>
                <td>{m.person.idNumberMasked}</td>
                <td>{codeLabel(language, 'relation', m.relation)}</td>
                <td>{m.birthDate}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <details className="sources" data-testid="per-source">
        <summary>{t('sourcesSection', { n: report.sources.length })}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('source')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('latency')}</th>
              <th scope="col">{t('answeredAt')}</th>
            </tr>
          </thead>
          <tbody>
            {report.sources.map((s) => (
              <tr key={s.source}>
                <td>{sourceName(s.source)}</td>
                <td>{codeLabel(language, 'sourceStatus', s.status)}</td>
                <td className="number">{Math.round(s.latencyMs)}</td>
                <td>{formatInstant(s.answeredAt, language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>

      <section aria-labelledby="signature-title" className="signature">
        <h2 id="signature-title">{t('signatureSection')}</h2>
        <ReportQr payload={qrPayload({ id: report.id, reportSha256: report.reportSha256, kid: report.signature.kid, revision: report.revision })} label={t('qrHelp')} />
        <dl className="meta">
          <dt>{t('reportId')}</dt>
          <dd>{report.id}</dd>
          <dt>{t('reportHash')}</dt>
          <dd className="hash">{report.reportSha256}</dd>
          <dt>{t('signingKey')}</dt>
          <dd>{report.signature.kid}</dd>
          <dt>{t('revision')}</dt>
          <dd>{report.revision}</dd>
        </dl>
        <p className="hint">{t('qrHelp')}</p>
      </section>
    </article>
  );
}

interface FigureRow {
  key: string;
  label: string;
  figure: ReportFigureFragment;
}

/** Figures with the sentence that says where each comes from (which agency, as of when, verified or not). */
function FigureList({ rows }: { rows: FigureRow[] }) {
  const { t, language } = useText();
  return (
    <table className="figures">
      <thead>
        <tr>
          <th scope="col">{t('item')}</th>
          <th scope="col">{t('value')}</th>
          <th scope="col">{t('source')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} className={r.figure.provisional?.length ? 'provisional' : undefined}>
            <th scope="row">{r.label}</th>
            <td className="number">{formatQuantity(r.figure.value, r.figure.unit, language)}</td>
            <td>{(language === 'en' ? r.figure.en : r.figure.zh) ?? r.figure.rule}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What each agency and bank verified (non-empty values), under the source's name from the catalogue. */
function RecordsBySource({ report, sourceName }: { report: Report; sourceName(id: string): string }) {
  const { t, language } = useText();
  const bySource = new Map<string, { member: string; label: string; value: string; asOf: string }[]>();
  for (const m of report.members) {
    for (const r of m.attributes) {
      if (r.value === null || r.value === false || r.value === 0 || r.value === '') continue;
      const value = r.value === true ? t('yes') : typeof r.value === 'number' ? formatQuantity(r.value, r.unit, language) : String(r.value);
      const rows = bySource.get(r.source) ?? [];
      rows.push({ member: m.name, label: language === 'en' ? r.labelEn : r.labelZh, value, asOf: r.asOf });
      bySource.set(r.source, rows);
    }
  }
  return (
    <section aria-labelledby="records-title">
      <h2 id="records-title">{t('recordsSection')}</h2>
      {[...bySource].map(([source, rows]) => (
        <div key={source} className="source-records" data-source={source}>
          <h3>{sourceName(source)}</h3>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('member')}</th>
                <th scope="col">{t('item')}</th>
                <th scope="col">{t('value')}</th>
                <th scope="col">{t('asOf')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i}>
                  <td>{r.member}</td>
                  <td>{r.label}</td>
                  <td className="number">{r.value}</td>
                  <td>{r.asOf}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
