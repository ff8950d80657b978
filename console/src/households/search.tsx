import { useState, type FormEvent } from 'react';
import { graphql } from '../gql';
import type { ConsoleFindHouseholdsQuery, ConsoleFindHouseholdsQueryVariables } from '../gql/graphql';
import { request } from '../graphql-client';
import { useText } from '../language';
import { formatNumber, formatTime, joinList } from './format';
import { idNumberProblem } from './id-number';
import { labelOf } from './labels';

const FindHouseholdsDocument = graphql(`
  query ConsoleFindHouseholds($idNumber: String, $externalRef: String) {
    findHouseholds(idNumber: $idNumber, externalRef: $externalRef) {
      id
      regionCode
      externalRef
      status {
        reportId
        assessedAt
        circle
        hardshipIndex
        perCapitaIncome
        lowIncomeStandard
        urgency
        targetGroups
        eligibleProgrammes
        ranked
        exclusion
        exclusionZh
        history {
          reportId
          createdAt
          purpose
          status
          circle
          hardshipIndex
          undeclaredItemsFound
        }
      }
    }
  }
`);

type Found = ConsoleFindHouseholdsQuery['findHouseholds'][number];
type By = 'idNumber' | 'externalRef';

/** Search by a member's ID number (checked as typed, GB 11643) or the household's reference; each household's status and history. */
export function HouseholdSearch() {
  const { t } = useText();
  const [by, setBy] = useState<By>('idNumber');
  const [value, setValue] = useState('');
  const [touched, setTouched] = useState(false);
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'done'; found: Found[] }>({ kind: 'idle' });
  const problem = by === 'idNumber' && value.trim() !== '' ? idNumberProblem(value) : null;
  const fieldName = by === 'idNumber' ? t('hhByIdNumber') : t('hhByRef');
  const inputError = touched && value.trim() === '' ? t('errRequired', { field: fieldName }) : problem ? t('errIdNumber', { why: t(problem.key, problem.values) }) : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (value.trim() === '' || problem) return;
    setState({ kind: 'loading' });
    try {
      const variables: ConsoleFindHouseholdsQueryVariables = by === 'idNumber' ? { idNumber: value.trim() } : { externalRef: value.trim() };
      const data = await request(FindHouseholdsDocument, variables);
      setState({ kind: 'done', found: data.findHouseholds });
    } catch (err) {
      setState({ kind: 'failed', message: (err as Error).message });
    }
  }

  return (
    <section aria-labelledby="hh-search-title" className="hh-panel">
      <h2 id="hh-search-title">{t('hhSearchTitle')}</h2>
      <p>{t('hhSearchHelp')}</p>
      <form onSubmit={submit} noValidate className="hh-form">
        <fieldset>
          <legend>{t('hhSearchBy')}</legend>
          {(['idNumber', 'externalRef'] as const).map((b) => (
            <label key={b}>
              <input type="radio" name="hh-by" value={b} checked={by === b} onChange={() => setBy(b)} /> {b === 'idNumber' ? t('hhByIdNumber') : t('hhByRef')}
            </label>
          ))}
        </fieldset>
        <label htmlFor="hh-search-value">{fieldName}</label>
        <input
          id="hh-search-value"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          onBlur={() => setTouched(true)}
          aria-invalid={inputError ? true : undefined}
          aria-describedby={inputError ? 'hh-search-error' : undefined}
          autoComplete="off"
          spellCheck={false}
          maxLength={by === 'idNumber' ? 18 : 64}
        />
        <button type="submit" className="button primary">
          {t('hhSearch')}
        </button>
        {inputError && (
          <p id="hh-search-error" role="alert" className="hh-error">
            {inputError}
          </p>
        )}
      </form>
      {state.kind === 'loading' && <p role="status">{t('loading')}</p>}
      {state.kind === 'failed' && (
        <p role="alert" className="hh-error" data-testid="hh-search-failed">
          {state.message}
        </p>
      )}
      {state.kind === 'done' && (
        <div data-testid="hh-search-results">
          <p role="status">{state.found.length === 0 ? t('hhNotFound') : t('hhFound', { n: state.found.length })}</p>
          {state.found.map((h) => (
            <HouseholdCard key={h.id} household={h} />
          ))}
        </div>
      )}
    </section>
  );
}

function HouseholdCard({ household }: { household: Found }) {
  const { t, language } = useText();
  const s = household.status;
  return (
    <article className="hh-card" aria-label={`${t('hhRef')} ${household.externalRef}`}>
      <h3>
        {household.externalRef} <small>· {t('hhRegion')} {household.regionCode}</small>
      </h3>
      {!s ? (
        <p>{t('hhNoStatus')}</p>
      ) : (
        <>
          <dl className="hh-facts">
            <dt>{t('hhAssessedAt')}</dt>
            <dd>{formatTime(s.assessedAt, language)}</dd>
            <dt>{t('hhCircle')}</dt>
            <dd>{s.circle ? t('hhCircleN', { n: s.circle }) : t('hhCircleNone')}</dd>
            <dt>{t('hhHardship')}</dt>
            <dd>{formatNumber(s.hardshipIndex, language)}</dd>
            <dt>{t('hhPerCapita')}</dt>
            <dd>
              {formatNumber(s.perCapitaIncome, language)} / {formatNumber(s.lowIncomeStandard, language)}
            </dd>
            <dt>{t('hhUrgency')}</dt>
            <dd>{s.urgency ? <span className={`hh-urgency hh-urgency-${s.urgency.toLowerCase()}`}>{labelOf('urgency', s.urgency, language)}</span> : t('hhNone')}</dd>
            <dt>{t('hhTargetGroups')}</dt>
            <dd>{joinList(s.targetGroups.map((g) => labelOf('targetGroup', g, language)), language) || t('hhNone')}</dd>
            <dt>{t('hhProgrammes')}</dt>
            <dd>{joinList(s.eligibleProgrammes.map((p) => labelOf('programme', p, language)), language) || t('hhNone')}</dd>
            {!s.ranked && (
              <>
                <dt>{t('hhExclusion')}</dt>
                <dd>{language === 'en' ? s.exclusion : s.exclusionZh}</dd>
              </>
            )}
          </dl>
          <table>
            <caption>{t('hhHistory')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('hhHistoryTime')}</th>
                <th scope="col">{t('hhPurpose')}</th>
                <th scope="col">{t('hhReportStatus')}</th>
                <th scope="col">{t('hhCircle')}</th>
                <th scope="col">{t('hhHardship')}</th>
                <th scope="col">{t('hhUndeclared')}</th>
                <th scope="col">{t('hhReport')}</th>
              </tr>
            </thead>
            <tbody>
              {s.history.map((e) => (
                <tr key={e.reportId}>
                  <td>{formatTime(e.createdAt, language)}</td>
                  <td>{labelOf('purpose', e.purpose, language)}</td>
                  <td>{labelOf('reportStatus', e.status, language)}</td>
                  <td>{e.circle ?? ''}</td>
                  <td className="number">{formatNumber(e.hardshipIndex, language)}</td>
                  <td>{e.undeclaredItemsFound ? t('hhYes') : t('hhNo')}</td>
                  <td>
                    <a href={`/console/reports/${e.reportId}`}>{t('hhOpenReport')}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </article>
  );
}
