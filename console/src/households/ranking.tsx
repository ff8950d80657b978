import { useState, type FormEvent } from 'react';
import { graphql } from '../gql';
import type { ConsoleRankedHouseholdsQuery, RankingFilter, UrgencyColour } from '../gql/graphql';
import { request } from '../graphql-client';
import { useText } from '../language';
import { download, toCsv } from './csv';
import { formatNumber, formatTime, joinList } from './format';
import { LABELS, labelOf } from './labels';

const RankedHouseholdsDocument = graphql(`
  query ConsoleRankedHouseholds($regionCode: String!, $filter: RankingFilter, $first: Int, $after: String) {
    rankedHouseholds(regionCode: $regionCode, filter: $filter, first: $first, after: $after) {
      edges {
        rank
        cursor
        status {
          household {
            id
            regionCode
            externalRef
          }
          reportId
          assessedAt
          circle
          hardshipIndex
          perCapitaIncome
          lowIncomeStandard
          urgency
          targetGroups
          eligibleProgrammes
          exclusion
          exclusionZh
        }
      }
      hasNextPage
      endCursor
    }
  }
`);

type Edge = ConsoleRankedHouseholdsQuery['rankedHouseholds']['edges'][number];
const CIRCLES = [1, 2, 3, 4];
const URGENCIES: UrgencyColour[] = ['RED', 'YELLOW', 'BLUE', 'GREEN'];
const PAGE_SIZES = [20, 50, 100];
/** The API's largest page: an export reads the filtered list in pages of this size. */
const EXPORT_PAGE = 200;

interface Query {
  regionCode: string;
  filter: RankingFilter;
  first: number;
}

function toggle<T>(list: T[], value: T, on: boolean): T[] {
  return on ? [...list, value] : list.filter((v) => v !== value);
}

/** The region's assessed households, neediest first, with rankedHouseholds' filters, paging and a CSV export of the filtered list. */
export function HouseholdRanking({ defaultRegion }: { defaultRegion: string }) {
  const { t, language } = useText();
  const [regionCode, setRegionCode] = useState(defaultRegion);
  const [circles, setCircles] = useState<number[]>([]);
  const [groups, setGroups] = useState<string[]>([]);
  const [urgency, setUrgency] = useState<UrgencyColour[]>([]);
  const [includeExcluded, setIncludeExcluded] = useState(false);
  const [first, setFirst] = useState(20);
  const [query, setQuery] = useState<Query | null>(null);
  // Cursors of the pages shown so far: `after` of page n is cursors[n - 1] (page 1 has none).
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<{ kind: 'idle' } | { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'done'; edges: Edge[]; hasNextPage: boolean; endCursor: string | null }>({ kind: 'idle' });
  const [exporting, setExporting] = useState<{ kind: 'running'; n: number } | { kind: 'done'; n: number } | { kind: 'failed'; message: string } | null>(null);
  const regionError = /^\d{6}$/.test(regionCode.trim()) ? null : t('errRegionCode');

  async function load(q: Query, after: string | null) {
    setPage({ kind: 'loading' });
    try {
      const data = await request(RankedHouseholdsDocument, { regionCode: q.regionCode, filter: q.filter, first: q.first, after });
      const r = data.rankedHouseholds;
      setPage({ kind: 'done', edges: r.edges, hasNextPage: r.hasNextPage, endCursor: r.endCursor ?? null });
    } catch (err) {
      setPage({ kind: 'failed', message: (err as Error).message });
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (regionError) return;
    const q: Query = { regionCode: regionCode.trim(), first, filter: { circles: circles.length ? circles : null, targetGroups: groups.length ? groups : null, urgency: urgency.length ? urgency : null, includeExcluded } };
    setQuery(q);
    setCursors([null]);
    setExporting(null);
    void load(q, null);
  }

  function next() {
    if (!query || page.kind !== 'done' || !page.endCursor) return;
    setCursors([...cursors, page.endCursor]);
    void load(query, page.endCursor);
  }

  function previous() {
    if (!query || cursors.length < 2) return;
    const shorter = cursors.slice(0, -1);
    setCursors(shorter);
    void load(query, shorter.at(-1) ?? null);
  }

  async function exportCsv() {
    if (!query) return;
    const rows: Edge[] = [];
    setExporting({ kind: 'running', n: 0 });
    try {
      let after: string | null = null;
      for (;;) {
        const data: ConsoleRankedHouseholdsQuery = await request(RankedHouseholdsDocument, { regionCode: query.regionCode, filter: query.filter, first: EXPORT_PAGE, after });
        rows.push(...data.rankedHouseholds.edges);
        setExporting({ kind: 'running', n: rows.length });
        if (!data.rankedHouseholds.hasNextPage || !data.rankedHouseholds.endCursor) break;
        after = data.rankedHouseholds.endCursor;
      }
    } catch (err) {
      setExporting({ kind: 'failed', message: (err as Error).message });
      return;
    }
    const header = [t('hhRank'), t('hhRef'), t('hhRegion'), t('hhHardship'), t('hhCircle'), t('hhUrgency'), t('hhTargetGroups'), t('hhProgrammes'), t('hhPerCapita'), t('hhLowIncome'), t('hhAssessedAt'), t('hhExclusion'), t('hhReport')];
    const csv = toCsv(
      header,
      rows.map(({ rank, status: s }) => [
        rank ?? t('hhUnranked'),
        s.household.externalRef,
        s.household.regionCode,
        s.hardshipIndex,
        s.circle,
        s.urgency ? labelOf('urgency', s.urgency, language) : '',
        joinList(s.targetGroups.map((g) => labelOf('targetGroup', g, language)), language),
        joinList(s.eligibleProgrammes.map((p) => labelOf('programme', p, language)), language),
        s.perCapitaIncome,
        s.lowIncomeStandard,
        formatTime(s.assessedAt, language),
        (language === 'en' ? s.exclusion : s.exclusionZh) ?? '',
        s.reportId,
      ]),
    );
    download(`households-${query.regionCode}.csv`, csv);
    setExporting({ kind: 'done', n: rows.length });
  }

  return (
    <section aria-labelledby="hh-rank-title" className="hh-panel">
      <h2 id="hh-rank-title">{t('hhRankTitle')}</h2>
      <p>{t('hhRankHelp')}</p>
      <form onSubmit={submit} noValidate className="hh-filters">
        <div className="hh-field">
          <label htmlFor="hh-region">{t('hhRegionCode')}</label>
          <input id="hh-region" value={regionCode} onChange={(e) => setRegionCode(e.target.value)} inputMode="numeric" maxLength={6} aria-invalid={regionError ? true : undefined} aria-describedby="hh-region-help" />
          <small id="hh-region-help">{regionError ?? t('hhRegionCodeHelp')}</small>
        </div>
        <fieldset>
          <legend>{t('hhCircle')}</legend>
          {CIRCLES.map((c) => (
            <label key={c}>
              <input type="checkbox" checked={circles.includes(c)} onChange={(e) => setCircles(toggle(circles, c, e.target.checked))} /> {t('hhCircleN', { n: c })}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('hhUrgency')}</legend>
          {URGENCIES.map((u) => (
            <label key={u}>
              <input type="checkbox" checked={urgency.includes(u)} onChange={(e) => setUrgency(toggle(urgency, u, e.target.checked))} /> <span className={`hh-urgency hh-urgency-${u.toLowerCase()}`}>{labelOf('urgency', u, language)}</span>
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('hhTargetGroups')}</legend>
          {Object.keys(LABELS.targetGroup).map((g) => (
            <label key={g}>
              <input type="checkbox" checked={groups.includes(g)} onChange={(e) => setGroups(toggle(groups, g, e.target.checked))} /> {labelOf('targetGroup', g, language)}
            </label>
          ))}
        </fieldset>
        <div className="hh-field">
          <label>
            <input type="checkbox" checked={includeExcluded} onChange={(e) => setIncludeExcluded(e.target.checked)} /> {t('hhIncludeExcluded')}
          </label>
          <label htmlFor="hh-page-size">{t('hhPageSize')}</label>
          <select id="hh-page-size" value={first} onChange={(e) => setFirst(Number(e.target.value))}>
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button primary">
          {t('hhApply')}
        </button>
      </form>
      {page.kind === 'loading' && <p role="status">{t('loading')}</p>}
      {page.kind === 'failed' && (
        <p role="alert" className="hh-error" data-testid="hh-rank-failed">
          {page.message}
        </p>
      )}
      {page.kind === 'done' && (
        <>
          <div className="hh-toolbar">
            <button type="button" onClick={previous} disabled={cursors.length < 2}>
              {t('hhPrevious')}
            </button>
            <span data-testid="hh-page">{t('hhPage', { n: cursors.length })}</span>
            <button type="button" onClick={next} disabled={!page.hasNextPage}>
              {t('hhNext')}
            </button>
            <button type="button" onClick={() => void exportCsv()} disabled={exporting?.kind === 'running'}>
              {t('hhExport')}
            </button>
            {exporting && (
              <span role="status" data-testid="hh-export-status">
                {exporting.kind === 'running' ? t('hhExporting', { n: exporting.n }) : exporting.kind === 'done' ? t('hhExported', { n: exporting.n }) : exporting.message}
              </span>
            )}
          </div>
          {page.edges.length === 0 ? (
            <p role="status">{t('hhNoRanked')}</p>
          ) : (
            <table data-testid="hh-ranking">
              <thead>
                <tr>
                  <th scope="col">{t('hhRank')}</th>
                  <th scope="col">{t('hhRef')}</th>
                  <th scope="col">{t('hhHardship')}</th>
                  <th scope="col">{t('hhCircle')}</th>
                  <th scope="col">{t('hhUrgency')}</th>
                  <th scope="col">{t('hhTargetGroups')}</th>
                  <th scope="col">{t('hhProgrammes')}</th>
                  <th scope="col">{t('hhPerCapita')}</th>
                  <th scope="col">{t('hhAssessedAt')}</th>
                  <th scope="col">{t('hhReport')}</th>
                </tr>
              </thead>
              <tbody>
                {page.edges.map(({ rank, status: s }) => (
                  <tr key={s.household.id}>
                    <td className="number">{rank ?? <span title={(language === 'en' ? s.exclusion : s.exclusionZh) ?? undefined}>{t('hhUnranked')}</span>}</td>
                    <td>
                      {s.household.externalRef} <small>{s.household.regionCode}</small>
                    </td>
                    <td className="number">{formatNumber(s.hardshipIndex, language)}</td>
                    <td className="number">{s.circle ?? ''}</td>
                    <td>{s.urgency ? <span className={`hh-urgency hh-urgency-${s.urgency.toLowerCase()}`}>{labelOf('urgency', s.urgency, language)}</span> : ''}</td>
                    <td>{joinList(s.targetGroups.map((g) => labelOf('targetGroup', g, language)), language)}</td>
                    <td>{joinList(s.eligibleProgrammes.map((p) => labelOf('programme', p, language)), language)}</td>
                    <td className="number">{formatNumber(s.perCapitaIncome, language)}</td>
                    <td>{formatTime(s.assessedAt, language)}</td>
                    <td>
                      <a href={`/console/reports/${s.reportId}`}>{t('hhOpenReport')}</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
