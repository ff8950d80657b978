import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { graphql } from '../gql';
import type { AuditFilter, ConsoleAuditEventsQuery } from '../gql/graphql';
import { request } from '../graphql-client';
import { useText } from '../language';
import { ApiError } from './api-error';
import { Field } from './field';
import { formatInstant, localInputToInstant } from './format';
import { isResidentIdNumber } from './id-number';
import { AUDIT_OUTCOMES, LABELLED_ACTIONS } from './messages';

const AuditEventsDocument = graphql(`
  query ConsoleAuditEvents($filter: AuditFilter, $first: Int, $before: ID) {
    auditEvents(filter: $filter, first: $first, before: $before) {
      seq
      occurredAt
      action
      outcome
      actorSub
      actorOrg
      actorRoles
      purpose
      applicationRef
      regionCode
      subjects
      attributeCodes
      errorCode
      details
    }
  }
`);

const PAGE_SIZE = 25;

interface FilterForm {
  actorSub: string;
  idNumber: string;
  applicationRef: string;
  action: string;
  outcome: string;
  since: string;
  until: string;
}

const EMPTY: FilterForm = { actorSub: '', idNumber: '', applicationRef: '', action: '', outcome: '', since: '', until: '' };

type FieldErrors = Partial<Record<keyof FilterForm, string>>;

/** The form's values as the API's filter; the ID number is checked (GB 11643) before it is sent. */
function toFilter(form: FilterForm, t: ReturnType<typeof useText>['t']): { filter: AuditFilter } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (form.idNumber.trim() && !isResidentIdNumber(form.idNumber)) errors.idNumber = t('aaErrNotIdNumber');
  const since = localInputToInstant(form.since);
  const until = localInputToInstant(form.until);
  if (since && until && until <= since) errors.until = t('aaErrTimeOrder');
  if (Object.keys(errors).length > 0) return { errors };
  const text = (v: string) => v.trim() || undefined;
  return {
    filter: {
      actorSub: text(form.actorSub),
      idNumber: text(form.idNumber)?.toUpperCase(),
      applicationRef: text(form.applicationRef),
      action: text(form.action),
      outcome: text(form.outcome),
      since,
      until,
    },
  };
}

type Events = ConsoleAuditEventsQuery['auditEvents'];

/**
 * The audit log inside the auditor's jurisdiction, newest first, with the API's filters and keyset
 * paging (`before` = the last sequence number seen; earlier cursors kept for going back). Only what
 * the API returns is shown: masked ID numbers and attribute codes, never values.
 */
export function AuditLog() {
  const { t, label, language } = useText();
  const [form, setForm] = useState<FilterForm>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [applied, setApplied] = useState<AuditFilter>({});
  // Cursors of the pages before the current one (newest first); the current page's cursor last.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [events, setEvents] = useState<Events | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const before = cursors.at(-1) ?? null;

  const load = useCallback((filter: AuditFilter, cursor: string | null) => {
    setFailure(null);
    request(AuditEventsDocument, { filter, first: PAGE_SIZE, before: cursor }).then(
      (data) => setEvents(data.auditEvents),
      (err: unknown) => {
        setEvents(null);
        setFailure(err);
      },
    );
  }, []);
  useEffect(() => load(applied, before), [load, applied, before]);

  function submit(e: FormEvent) {
    e.preventDefault();
    const result = toFilter(form, t);
    if ('errors' in result) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    setCursors([null]);
    setApplied(result.filter);
  }

  function clear() {
    setForm(EMPTY);
    setErrors({});
    setCursors([null]);
    setApplied({});
  }

  const set = (key: keyof FilterForm) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const errorList = Object.entries(errors) as [keyof FilterForm, string][];
  const fieldLabel: Record<keyof FilterForm, string> = { actorSub: t('auditActor'), idNumber: t('auditIdNumber'), applicationRef: t('auditApplicationRef'), action: t('auditAction'), outcome: t('auditOutcome'), since: t('auditSince'), until: t('auditUntil') };

  return (
    <section aria-labelledby="audit-log-title">
      <h2 id="audit-log-title">{t('auditTitle')}</h2>
      <p className="help">{t('auditHelp')}</p>
      <form className="filters" onSubmit={submit} noValidate aria-label={t('auditFilters')}>
        {errorList.length > 0 && (
          <div className="form-errors" role="alert">
            {t('aaErrorsInForm')}
            <ul>
              {errorList.map(([key, message]) => (
                <li key={key}>
                  <a href={`#audit-${key}`}>{fieldLabel[key]}</a>：{message}
                </li>
              ))}
            </ul>
          </div>
        )}
        <Field id="audit-actorSub" label={fieldLabel.actorSub} error={errors.actorSub}>
          {(aria) => <input {...aria} value={form.actorSub} onChange={set('actorSub')} autoComplete="off" />}
        </Field>
        <Field id="audit-idNumber" label={fieldLabel.idNumber} help={t('auditIdNumberHelp')} error={errors.idNumber}>
          {(aria) => <input {...aria} value={form.idNumber} onChange={set('idNumber')} autoComplete="off" maxLength={18} inputMode="text" spellCheck={false} />}
        </Field>
        <Field id="audit-applicationRef" label={fieldLabel.applicationRef} error={errors.applicationRef}>
          {(aria) => <input {...aria} value={form.applicationRef} onChange={set('applicationRef')} autoComplete="off" />}
        </Field>
        <Field id="audit-action" label={fieldLabel.action} error={errors.action}>
          {(aria) => (
            <select {...aria} value={form.action} onChange={set('action')}>
              <option value="">{t('auditAny')}</option>
              {LABELLED_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {label('auditAction', a)}（{a}）
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="audit-outcome" label={fieldLabel.outcome} error={errors.outcome}>
          {(aria) => (
            <select {...aria} value={form.outcome} onChange={set('outcome')}>
              <option value="">{t('auditAny')}</option>
              {AUDIT_OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {label('auditOutcome', o)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="audit-since" label={`${fieldLabel.since}${t('beijingTime')}`} error={errors.since}>
          {(aria) => <input {...aria} type="datetime-local" value={form.since} onChange={set('since')} />}
        </Field>
        <Field id="audit-until" label={`${fieldLabel.until}${t('beijingTime')}`} error={errors.until}>
          {(aria) => <input {...aria} type="datetime-local" value={form.until} onChange={set('until')} />}
        </Field>
        <div className="actions">
          <button type="submit" className="primary">
            {t('auditSearch')}
          </button>
          <button type="button" onClick={clear}>
            {t('auditClear')}
          </button>
        </div>
      </form>
      {failure !== null && <ApiError error={failure} />}
      {events === null && failure === null && <p role="status">{t('loading')}</p>}
      {events !== null && (
        <>
          <p role="status" data-testid="audit-count">
            {events.length === 0 ? t('auditNone') : t('auditEventsCount', { n: events.length })}
          </p>
          {events.length > 0 && (
            <div className="table-scroll">
              <table data-testid="audit-events">
                <thead>
                  <tr>
                    <th scope="col">{t('auditSeq')}</th>
                    <th scope="col">{t('auditTime')}</th>
                    <th scope="col">{t('auditAction')}</th>
                    <th scope="col">{t('auditOutcome')}</th>
                    <th scope="col">{t('auditActor')}</th>
                    <th scope="col">{t('auditSubjects')}</th>
                    <th scope="col">{t('auditApplicationRef')}</th>
                    <th scope="col">{t('auditPurpose')}</th>
                    <th scope="col">{t('auditAttributes')}</th>
                    <th scope="col">{t('auditDetails')}</th>
                  </tr>
                </thead>
                <tbody>
                  {events.map((e) => (
                    <tr key={e.seq} className={`outcome-${e.outcome.toLowerCase()}`}>
                      <td className="number">{e.seq}</td>
                      <td>
                        <time dateTime={e.occurredAt}>{formatInstant(e.occurredAt, language)}</time>
                      </td>
                      <td>
                        {label('auditAction', e.action)}
                        <br />
                        <code>{e.action}</code>
                      </td>
                      <td>
                        {label('auditOutcome', e.outcome)}
                        {e.errorCode && (
                          <>
                            <br />
                            <code title={t('auditErrorCode')}>{e.errorCode}</code>
                          </>
                        )}
                      </td>
                      <td>
                        {e.actorSub}
                        <br />
                        <small>
                          {e.actorOrg} · {e.actorRoles.map((r) => label('role', r)).join('、')}
                        </small>
                      </td>
                      <td>{e.subjects.join('、')}</td>
                      <td>{e.applicationRef ?? ''}</td>
                      <td>{e.purpose ? label('reviewPurpose', e.purpose) : ''}</td>
                      <td>
                        <code>{e.attributeCodes.join(' ')}</code>
                      </td>
                      <td>
                        <details>
                          <summary>{t('auditDetails')}</summary>
                          <pre>{e.details}</pre>
                        </details>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="pager">
            <button type="button" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
              {t('auditNewer')}
            </button>
            <button type="button" disabled={events.length < PAGE_SIZE} onClick={() => setCursors([...cursors, events.at(-1)!.seq])}>
              {t('auditOlder')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
