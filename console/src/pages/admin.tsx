import '../audit-admin/audit-admin.css';
import { useEffect, useState, type FormEvent } from 'react';
import { Field } from '../audit-admin/field';
import { PolicyVersions } from '../audit-admin/policy-versions';
import { QueuesLink } from '../audit-admin/queues-link';
import { ReviewSchedules } from '../audit-admin/review-schedules';
import { WebhookTargets } from '../audit-admin/webhook-targets';
import { Webhooks } from '../audit-admin/webhooks';
import { useText } from '../language';
import { fetchSession } from '../session';

/** The roles that may read reports, hence subscribe to change events (src/policy, readReport). */
const SUBSCRIBING_ROLES = ['verifier', 'assistance-system'];

/**
 * Administrators (role admin, inside their jurisdiction): a region's policy versions, the scheduled
 * re-checks, the internal hosts webhooks may reach (and the organisation's subscriptions, for a
 * person who may also read reports) and the queue dashboard. The region starts as
 * the administrator's own; the hub refuses one outside the jurisdiction (shown with its code).
 */
export function AdminPage() {
  const { t } = useText();
  const [region, setRegion] = useState<string | null>(null);
  const [roles, setRoles] = useState<string[]>([]);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    fetchSession().then((s) => {
      const org = s.signedIn ? s.org : '';
      setRoles(s.signedIn ? s.roles : []);
      setRegion(org);
      setTyped(org);
    }, () => setRegion(''));
  }, []);

  function show(e: FormEvent) {
    e.preventDefault();
    if (!/^\d{6}$/.test(typed.trim())) {
      setError(t('aaErrRegionCode'));
      return;
    }
    setError(undefined);
    setRegion(typed.trim());
  }

  if (region === null) return <p role="status">{t('loading')}</p>;
  return (
    <div className="admin-page">
      <h1>{t('adminTitle')}</h1>
      <p className="help">{t('adminHelp')}</p>
      <form className="region-picker" onSubmit={show} noValidate>
        <Field id="admin-region" label={t('adminRegion')} error={error}>
          {(aria) => <input {...aria} value={typed} onChange={(e) => setTyped(e.target.value)} inputMode="numeric" maxLength={6} />}
        </Field>
        <button type="submit">{t('adminLoad')}</button>
      </form>
      <PolicyVersions key={`p-${region}`} regionCode={region} />
      <ReviewSchedules key={`s-${region}`} regionCode={region} />
      <WebhookTargets />
      {/* Deliveries carry attribute values: only those who may read reports subscribe (src/webhooks). */}
      {roles.some((r) => SUBSCRIBING_ROLES.includes(r)) ? (
        <Webhooks />
      ) : (
        <section aria-labelledby="webhooks-title" className="panel">
          <h2 id="webhooks-title">{t('webhooksTitle')}</h2>
          <p className="help" data-testid="webhooks-not-for-admins">
            {t('webhooksAdminOnly')}
          </p>
        </section>
      )}
      <QueuesLink />
    </div>
  );
}
