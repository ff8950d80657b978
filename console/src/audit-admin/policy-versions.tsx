import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { graphql } from '../gql';
import type { ConsolePolicyVersionsQuery } from '../gql/graphql';
import { GraphQLRequestError, request } from '../graphql-client';
import { useText } from '../language';
import { ApiError } from './api-error';
import { Field } from './field';
import { formatInstant } from './format';
import { diffParameters } from './policy-diff';

const PolicyVersionsDocument = graphql(`
  query ConsolePolicyVersions($regionCode: String!) {
    policyVersions(regionCode: $regionCode) {
      id
      regionCode
      effectiveFrom
      parameters
      createdAt
      createdBy
    }
  }
`);

const SavePolicyDocument = graphql(`
  mutation ConsoleSavePolicy($regionCode: String!, $effectiveFrom: String!, $about: String, $parameters: JSON!) {
    savePolicy(regionCode: $regionCode, effectiveFrom: $effectiveFrom, about: $about, parameters: $parameters) {
      id
      effectiveFrom
    }
  }
`);

type Version = ConsolePolicyVersionsQuery['policyVersions'][number];
type FormField = 'effectiveFrom' | 'about' | 'parameters';
type FieldErrors = Partial<Record<FormField, string>>;

const sectionsOf = (v: Version): string[] => (v.parameters && typeof v.parameters === 'object' ? Object.keys(v.parameters as object) : []);

/**
 * The form field an API refusal names: `effectiveFrom`, `regionCode` (the page's region), or a
 * path inside the parameters (`parameters.standards.urban`), shown at the parameters box.
 */
function fieldOfRefusal(err: unknown): FormField | null {
  if (!(err instanceof GraphQLRequestError)) return null;
  const field = (err.errors[0]?.extensions as { field?: unknown } | undefined)?.field;
  if (typeof field !== 'string') return null;
  if (field === 'effectiveFrom' || field === 'about') return field;
  if (field === 'parameters' || field.startsWith('parameters.')) return 'parameters';
  return null;
}

/** A region's own policy versions: list, view one, compare two, add a dated one. Admins add; others may read. */
export function PolicyVersions({ regionCode }: { regionCode: string }) {
  const { t, label, language } = useText();
  const [versions, setVersions] = useState<Version[] | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [viewed, setViewed] = useState<string | null>(null);
  const [compareA, setCompareA] = useState('');
  const [compareB, setCompareB] = useState('');
  const [comparing, setComparing] = useState<[Version, Version] | null>(null);
  const [comparePick, setComparePick] = useState(false);

  const load = useCallback(() => {
    setFailure(null);
    setVersions(null);
    request(PolicyVersionsDocument, { regionCode }).then(
      (d) => {
        setVersions(d.policyVersions);
        setComparing(null);
        setCompareB(d.policyVersions[0]?.id ?? '');
        setCompareA(d.policyVersions[1]?.id ?? '');
      },
      setFailure,
    );
  }, [regionCode]);
  useEffect(load, [load]);

  function compare() {
    const a = versions?.find((v) => v.id === compareA);
    const b = versions?.find((v) => v.id === compareB);
    setComparePick(!a || !b || a.id === b.id);
    setComparing(a && b && a.id !== b.id ? [a, b] : null);
  }

  const version = (v: Version) => `${v.effectiveFrom}（${v.id.slice(0, 8)}）`;
  const viewedVersion = versions?.find((v) => v.id === viewed);
  return (
    <section aria-labelledby="policy-title" className="panel">
      <h2 id="policy-title">{t('policyTitle')}</h2>
      {failure !== null && <ApiError error={failure} />}
      {versions === null && failure === null && <p role="status">{t('loading')}</p>}
      {versions && (
        <>
          <p data-testid="policy-count">{t('policyVersions', { region: regionCode, n: versions.length })}</p>
          {versions.length === 0 ? (
            <p>{t('policyNone')}</p>
          ) : (
            <div className="table-scroll">
              <table data-testid="policy-versions">
                <thead>
                  <tr>
                    <th scope="col">{t('policyEffectiveFrom')}</th>
                    <th scope="col">{t('policySections')}</th>
                    <th scope="col">{t('policyCreated')}</th>
                    <th scope="col">{t('policyCreatedBy')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('policyView')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {versions.map((v) => (
                    <tr key={v.id}>
                      <td>{v.effectiveFrom}</td>
                      <td>{sectionsOf(v).map((s) => label('policySection', s)).join('、')}</td>
                      <td>
                        <time dateTime={v.createdAt}>{formatInstant(v.createdAt, language)}</time>
                      </td>
                      <td>{v.createdBy}</td>
                      <td>
                        <button type="button" aria-pressed={viewed === v.id} aria-label={`${t('policyView')} ${v.effectiveFrom}`} onClick={() => setViewed(viewed === v.id ? null : v.id)}>
                          {t('policyView')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {viewedVersion && (
            <div className="policy-view" data-testid="policy-view">
              <h3>
                {t('policyEffectiveFrom')} {viewedVersion.effectiveFrom}
              </h3>
              <pre tabIndex={0}>{JSON.stringify(viewedVersion.parameters, null, 2)}</pre>
            </div>
          )}
          {versions.length >= 2 && (
            <div className="compare admin-form">
              <Field id="policy-compare-a" label={t('policyCompareA')}>
                {(aria) => (
                  <select {...aria} value={compareA} onChange={(e) => setCompareA(e.target.value)}>
                    {versions.map((v) => (
                      <option key={v.id} value={v.id}>
                        {version(v)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field id="policy-compare-b" label={t('policyCompareB')}>
                {(aria) => (
                  <select {...aria} value={compareB} onChange={(e) => setCompareB(e.target.value)}>
                    {versions.map((v) => (
                      <option key={v.id} value={v.id}>
                        {version(v)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <div className="actions">
                <button type="button" onClick={compare}>
                  {t('policyCompare')}
                </button>
              </div>
              {comparePick && (
                <p role="alert" className="field-error">
                  {t('policyComparePick')}
                </p>
              )}
            </div>
          )}
          {comparing && <PolicyComparison older={comparing[0]} newer={comparing[1]} />}
        </>
      )}
      <AddPolicyVersion regionCode={regionCode} latest={versions?.[0] ?? null} onSaved={load} />
    </section>
  );
}

/** Two versions side by side: the differing parameters highlighted; the same ones on request (a full policy has thousands). */
function PolicyComparison({ older, newer }: { older: Version; newer: Version }) {
  const { t } = useText();
  const [showSame, setShowSame] = useState(false);
  const all = diffParameters(older.parameters, newer.parameters);
  const differences = all.filter((r) => r.kind !== 'same').length;
  const rows = showSame ? all : all.filter((r) => r.kind !== 'same');
  const kindLabel = { added: t('policyDiffAdded'), removed: t('policyDiffRemoved'), changed: t('policyDiffChanged'), same: '' };
  return (
    <div className="policy-compare" data-testid="policy-compare">
      <h3>{t('policyCompareTitle', { a: older.effectiveFrom, b: newer.effectiveFrom })}</h3>
      <p role="status">{differences === 0 ? t('policyDiffNone') : t('policyChangedCount', { n: differences })}</p>
      <label>
        <input type="checkbox" checked={showSame} onChange={(e) => setShowSame(e.target.checked)} /> {t('policyShowSame')}
      </label>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('policyPath')}</th>
              <th scope="col">
                {t('policyOld')}（{older.effectiveFrom}）
              </th>
              <th scope="col">
                {t('policyNew')}（{newer.effectiveFrom}）
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.path} className={`diff-${r.kind}`} data-kind={r.kind}>
                <td>
                  <code>{r.path}</code>
                  {r.kind !== 'same' && <span className="visually-hidden">（{kindLabel[r.kind]}）</span>}
                </td>
                <td>
                  <code className="value">{r.old ?? ''}</code>
                </td>
                <td>
                  <code className="value">{r.new ?? ''}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** Adds a dated version: the date and JSON checked here first, then the hub's validation shown at the field it names. */
function AddPolicyVersion({ regionCode, latest, onSaved }: { regionCode: string; latest: Version | null; onSaved(): void }) {
  const { t } = useText();
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [about, setAbout] = useState('');
  const [parameters, setParameters] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [refusal, setRefusal] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(null);
    setRefusal(null);
    const found: FieldErrors = {};
    if (!/^\d{4}-\d{2}-\d{2}$/.test(effectiveFrom)) found.effectiveFrom = effectiveFrom ? t('aaErrNotDate') : t('aaErrRequired');
    let parsed: unknown;
    if (!parameters.trim()) found.parameters = t('aaErrRequired');
    else {
      try {
        parsed = JSON.parse(parameters);
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) found.parameters = t('aaErrNotObject');
      } catch (err) {
        found.parameters = t('aaErrNotJson', { message: (err as Error).message });
      }
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await request(SavePolicyDocument, { regionCode, effectiveFrom, about: about.trim() || null, parameters: parsed });
      setSaved(t('policySaved', { region: regionCode, date: effectiveFrom }));
      setEffectiveFrom('');
      setAbout('');
      setParameters('');
      onSaved();
    } catch (err) {
      const field = fieldOfRefusal(err);
      if (field && err instanceof GraphQLRequestError) setErrors({ [field]: `${err.errors[0]!.message}（${err.errors[0]!.extensions?.code ?? ''}）` });
      else setRefusal(err);
    } finally {
      setBusy(false);
    }
  }

  const labels: Record<FormField, string> = { effectiveFrom: t('policyEffectiveFrom'), about: t('policyAbout'), parameters: t('policyParameters') };
  const errorList = Object.entries(errors) as [FormField, string][];
  return (
    <form className="admin-form wide" onSubmit={submit} noValidate aria-labelledby="policy-add-title" data-testid="policy-add">
      <h3 id="policy-add-title">{t('policyAddTitle')}</h3>
      <p className="help">{t('policyAddHelp')}</p>
      {errorList.length > 0 && (
        <div className="form-errors" role="alert">
          {t('aaErrorsInForm')}
          <ul>
            {errorList.map(([key, message]) => (
              <li key={key}>
                <a href={`#policy-${key}`}>{labels[key]}</a>：{message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {refusal !== null && <ApiError error={refusal} />}
      {saved && (
        <p role="status" className="status-message">
          {saved}
        </p>
      )}
      <Field id="policy-effectiveFrom" label={labels.effectiveFrom} error={errors.effectiveFrom}>
        {(aria) => <input {...aria} type="date" value={effectiveFrom} onChange={(e) => setEffectiveFrom(e.target.value)} required />}
      </Field>
      <Field id="policy-about" label={labels.about} error={errors.about}>
        {(aria) => <input {...aria} value={about} onChange={(e) => setAbout(e.target.value)} />}
      </Field>
      <Field id="policy-parameters" label={labels.parameters} error={errors.parameters}>
        {(aria) => <textarea {...aria} value={parameters} onChange={(e) => setParameters(e.target.value)} spellCheck={false} required />}
      </Field>
      <div className="actions">
        {latest && (
          <button type="button" onClick={() => setParameters(JSON.stringify(latest.parameters, null, 2))}>
            {t('policyStartFrom')}
          </button>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {t('policySave')}
        </button>
      </div>
    </form>
  );
}
