import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { graphql } from '../gql';
import type { ConsoleReviewSchedulesQuery, Purpose } from '../gql/graphql';
import { GraphQLRequestError, request } from '../graphql-client';
import { useText } from '../language';
import { ApiError } from './api-error';
import { Field } from './field';
import { formatInstant, REGION_TIME_ZONE } from './format';

const ReviewSchedulesDocument = graphql(`
  query ConsoleReviewSchedules($regionCode: String!) {
    reviewSchedules(regionCode: $regionCode) {
      id
      regionCode
      cron
      purpose
      timeZone
      active
      createdBy
      createdAt
    }
  }
`);

const ScheduleReviewDocument = graphql(`
  mutation ConsoleScheduleReview($regionCode: String!, $cron: String!, $purpose: Purpose!, $timeZone: String) {
    scheduleReview(regionCode: $regionCode, cron: $cron, purpose: $purpose, timeZone: $timeZone) {
      id
    }
  }
`);

const PauseReviewDocument = graphql(`
  mutation ConsolePauseReview($id: ID!) {
    pauseReviewSchedule(id: $id) {
      id
      active
    }
  }
`);

const ResumeReviewDocument = graphql(`
  mutation ConsoleResumeReview($id: ID!) {
    resumeReviewSchedule(id: $id) {
      id
      active
    }
  }
`);

const DeleteReviewDocument = graphql(`
  mutation ConsoleDeleteReview($id: ID!) {
    deleteReviewSchedule(id: $id)
  }
`);

const PURPOSES: Purpose[] = ['PERIODIC_REVIEW', 'LOW_INCOME_MONITORING', 'NEW_APPLICATION', 'URGENT_ASSISTANCE'];
// The zones offered first: the region's own, then China's other official zone; any IANA name may be typed.
const SUGGESTED_ZONES = [REGION_TIME_ZONE, 'Asia/Urumqi', 'UTC'];

type Schedule = ConsoleReviewSchedulesQuery['reviewSchedules'][number];
type FormField = 'regionCode' | 'cron' | 'purpose' | 'timeZone';

/** Scheduled re-checks inside the jurisdiction of `regionCode`: create (or change a cron), pause, resume, delete. */
export function ReviewSchedules({ regionCode }: { regionCode: string }) {
  const { t, label, language } = useText();
  const [schedules, setSchedules] = useState<Schedule[] | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [form, setForm] = useState({ regionCode, cron: '0 2 1 * *', purpose: 'PERIODIC_REVIEW' as Purpose, timeZone: REGION_TIME_ZONE });
  const [errors, setErrors] = useState<Partial<Record<FormField, string>>>({});
  const [saved, setSaved] = useState(false);

  const load = useCallback(() => {
    request(ReviewSchedulesDocument, { regionCode }).then((d) => setSchedules(d.reviewSchedules), setFailure);
  }, [regionCode]);
  useEffect(load, [load]);
  useEffect(() => setForm((f) => ({ ...f, regionCode })), [regionCode]);

  /** Runs a change, then reloads; a refusal is shown with its code. */
  function change(run: () => Promise<unknown>) {
    setFailure(null);
    run().then(load, setFailure);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    setFailure(null);
    const found: Partial<Record<FormField, string>> = {};
    if (!/^\d{6}$/.test(form.regionCode)) found.regionCode = t('aaErrRegionCode');
    if (form.cron.trim().split(/\s+/).length < 5) found.cron = t('scheduleCronHelp');
    if (!form.timeZone.trim()) found.timeZone = t('aaErrRequired');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    try {
      await request(ScheduleReviewDocument, { regionCode: form.regionCode, cron: form.cron.trim(), purpose: form.purpose, timeZone: form.timeZone.trim() });
      setSaved(true);
      load();
    } catch (err) {
      // The hub names the field at fault (cron, timeZone, regionCode): shown there.
      const field = err instanceof GraphQLRequestError ? (err.errors[0]?.extensions as { field?: string } | undefined)?.field : undefined;
      if (err instanceof GraphQLRequestError && (field === 'cron' || field === 'timeZone' || field === 'regionCode' || field === 'purpose')) {
        setErrors({ [field]: `${err.errors[0]!.message}（${err.errors[0]!.extensions?.code ?? ''}）` });
      } else setFailure(err);
    }
  }

  const labels: Record<FormField, string> = { regionCode: t('adminRegion'), cron: t('scheduleCron'), purpose: t('schedulePurpose'), timeZone: t('scheduleTimeZone') };
  return (
    <section aria-labelledby="schedules-title" className="panel">
      <h2 id="schedules-title">{t('schedulesTitle')}</h2>
      {failure !== null && <ApiError error={failure} />}
      {schedules === null && failure === null && <p role="status">{t('loading')}</p>}
      {schedules?.length === 0 && <p>{t('schedulesNone')}</p>}
      {schedules && schedules.length > 0 && (
        <div className="table-scroll">
          <table data-testid="review-schedules">
            <thead>
              <tr>
                <th scope="col">{t('adminRegion')}</th>
                <th scope="col">{t('schedulePurpose')}</th>
                <th scope="col">{t('scheduleCron')}</th>
                <th scope="col">{t('scheduleTimeZone')}</th>
                <th scope="col">{t('scheduleActive')}</th>
                <th scope="col">{t('policyCreated')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('scheduleActive')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {schedules.map((s) => {
                const name = `${s.regionCode} ${label('reviewPurpose', s.purpose)}`;
                return (
                  <tr key={s.id} data-active={s.active}>
                    <td>{s.regionCode}</td>
                    <td>{label('reviewPurpose', s.purpose)}</td>
                    <td>
                      <code>{s.cron}</code>
                    </td>
                    <td>{s.timeZone}</td>
                    <td>{s.active ? t('scheduleRunning') : t('schedulePaused')}</td>
                    <td>
                      {s.createdBy} · <time dateTime={s.createdAt}>{formatInstant(s.createdAt, language)}</time>
                    </td>
                    <td className="row-actions">
                      {s.active ? (
                        <button type="button" aria-label={`${t('schedulePause')} ${name}`} onClick={() => change(() => request(PauseReviewDocument, { id: s.id }))}>
                          {t('schedulePause')}
                        </button>
                      ) : (
                        <button type="button" aria-label={`${t('scheduleResume')} ${name}`} onClick={() => change(() => request(ResumeReviewDocument, { id: s.id }))}>
                          {t('scheduleResume')}
                        </button>
                      )}{' '}
                      <button
                        type="button"
                        aria-label={`${t('scheduleDelete')} ${name}`}
                        onClick={() => {
                          if (confirm(t('scheduleDeleteConfirm', { region: s.regionCode, purpose: label('reviewPurpose', s.purpose) }))) change(() => request(DeleteReviewDocument, { id: s.id }));
                        }}
                      >
                        {t('scheduleDelete')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <form className="admin-form" onSubmit={submit} noValidate aria-labelledby="schedule-add-title" data-testid="schedule-add">
        <h3 id="schedule-add-title" className="full">
          {t('scheduleCreate')}
        </h3>
        {saved && (
          <p role="status" className="status-message full">
            {t('scheduleSaved')}
          </p>
        )}
        <Field id="schedule-regionCode" label={labels.regionCode} error={errors.regionCode}>
          {(aria) => <input {...aria} value={form.regionCode} onChange={(e) => setForm({ ...form, regionCode: e.target.value })} inputMode="numeric" maxLength={6} />}
        </Field>
        <Field id="schedule-purpose" label={labels.purpose} error={errors.purpose}>
          {(aria) => (
            <select {...aria} value={form.purpose} onChange={(e) => setForm({ ...form, purpose: e.target.value as Purpose })}>
              {PURPOSES.map((p) => (
                <option key={p} value={p}>
                  {label('reviewPurpose', p)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="schedule-cron" label={labels.cron} help={t('scheduleCronHelp')} error={errors.cron}>
          {(aria) => <input {...aria} value={form.cron} onChange={(e) => setForm({ ...form, cron: e.target.value })} spellCheck={false} />}
        </Field>
        <Field id="schedule-timeZone" label={labels.timeZone} error={errors.timeZone}>
          {(aria) => (
            <>
              <input {...aria} list="schedule-zones" value={form.timeZone} onChange={(e) => setForm({ ...form, timeZone: e.target.value })} spellCheck={false} />
              <datalist id="schedule-zones">
                {SUGGESTED_ZONES.map((z) => (
                  <option key={z} value={z} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <div className="actions">
          <button type="submit" className="primary">
            {t('scheduleCreate')}
          </button>
        </div>
      </form>
    </section>
  );
}
