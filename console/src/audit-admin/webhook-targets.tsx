import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { graphql } from '../gql';
import type { ConsoleWebhookAllowedHostsQuery } from '../gql/graphql';
import { GraphQLRequestError, request } from '../graphql-client';
import { useText } from '../language';
import { ApiError } from './api-error';
import { Field } from './field';
import { formatInstant } from './format';

const AllowedHostsDocument = graphql(`
  query ConsoleWebhookAllowedHosts {
    webhookAllowedHosts {
      id
      org
      pattern
      createdBy
      createdAt
    }
  }
`);

const AllowHostDocument = graphql(`
  mutation ConsoleAllowWebhookHost($org: String, $pattern: String!) {
    allowWebhookHost(org: $org, pattern: $pattern) {
      id
    }
  }
`);

const DisallowHostDocument = graphql(`
  mutation ConsoleDisallowWebhookHost($id: ID!) {
    disallowWebhookHost(id: $id)
  }
`);

type Host = ConsoleWebhookAllowedHostsQuery['webhookAllowedHosts'][number];

/**
 * The internal hosts the organisations of the jurisdiction may send webhooks to (docs/CHANGES.md,
 * Webhook targets): the administrators' part of webhooks. Subscriptions themselves are made by
 * those who may read reports, because deliveries carry attribute values.
 */
export function WebhookTargets() {
  const { t, language } = useText();
  const [hosts, setHosts] = useState<Host[] | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [pattern, setPattern] = useState('');
  const [org, setOrg] = useState('');
  const [errors, setErrors] = useState<{ pattern?: string; org?: string }>({});

  const load = useCallback(() => {
    request(AllowedHostsDocument).then((d) => setHosts(d.webhookAllowedHosts), setFailure);
  }, []);
  useEffect(load, [load]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    const found: { pattern?: string; org?: string } = {};
    if (!pattern.trim()) found.pattern = t('aaErrRequired');
    if (org.trim() && !/^\d{6}$/.test(org.trim())) found.org = t('aaErrRegionCode');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    try {
      await request(AllowHostDocument, { pattern: pattern.trim(), org: org.trim() || null });
      setPattern('');
      load();
    } catch (err) {
      const field = err instanceof GraphQLRequestError ? (err.errors[0]?.extensions as { field?: string } | undefined)?.field : undefined;
      if (err instanceof GraphQLRequestError && (field === 'pattern' || field === 'org')) setErrors({ [field]: `${err.errors[0]!.message}（${err.errors[0]!.extensions?.code ?? ''}）` });
      else setFailure(err);
    }
  }

  function remove(h: Host) {
    if (!confirm(t('targetRemoveConfirm', { pattern: h.pattern }))) return;
    setFailure(null);
    request(DisallowHostDocument, { id: h.id }).then(load, setFailure);
  }

  return (
    <section aria-labelledby="targets-title" className="panel">
      <h2 id="targets-title">{t('targetsTitle')}</h2>
      <p className="help">{t('targetsHelp')}</p>
      {failure !== null && <ApiError error={failure} />}
      {hosts === null && failure === null && <p role="status">{t('loading')}</p>}
      {hosts?.length === 0 && <p>{t('targetsNone')}</p>}
      {hosts && hosts.length > 0 && (
        <div className="table-scroll">
          <table data-testid="webhook-targets">
            <thead>
              <tr>
                <th scope="col">{t('targetPattern')}</th>
                <th scope="col">{t('targetOrg')}</th>
                <th scope="col">{t('policyCreatedBy')}</th>
                <th scope="col">{t('policyCreated')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('targetRemove')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {hosts.map((h) => (
                <tr key={h.id}>
                  <td>
                    <code>{h.pattern}</code>
                  </td>
                  <td>{h.org}</td>
                  <td>{h.createdBy}</td>
                  <td>
                    <time dateTime={h.createdAt}>{formatInstant(h.createdAt, language)}</time>
                  </td>
                  <td>
                    <button type="button" aria-label={`${t('targetRemove')} ${h.pattern}`} onClick={() => remove(h)}>
                      {t('targetRemove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="admin-form" onSubmit={submit} noValidate aria-label={t('targetAdd')} data-testid="target-add">
        <Field id="target-pattern" label={t('targetPattern')} help={t('targetPatternHelp')} error={errors.pattern}>
          {(aria) => <input {...aria} value={pattern} onChange={(e) => setPattern(e.target.value)} spellCheck={false} />}
        </Field>
        <Field id="target-org" label={t('targetOrg')} help={t('targetOrgHelp')} error={errors.org}>
          {(aria) => <input {...aria} value={org} onChange={(e) => setOrg(e.target.value)} inputMode="numeric" maxLength={6} />}
        </Field>
        <div className="actions">
          <button type="submit" className="primary">
            {t('targetAdd')}
          </button>
        </div>
      </form>
    </section>
  );
}
