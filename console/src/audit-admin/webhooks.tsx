import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { graphql } from '../gql';
import type { ConsoleWebhookSubscriptionsQuery } from '../gql/graphql';
import { GraphQLRequestError, request } from '../graphql-client';
import { useText } from '../language';
import { ApiError } from './api-error';
import { Field } from './field';
import { formatInstant } from './format';
import { CHANGE_KINDS } from './messages';

const WebhookSubscriptionsDocument = graphql(`
  query ConsoleWebhookSubscriptions {
    webhookSubscriptions {
      id
      org
      url
      kinds
      active
      createdAt
    }
  }
`);

const SubscribeWebhookDocument = graphql(`
  mutation ConsoleSubscribeWebhook($url: String!, $kinds: [String!]) {
    subscribeWebhook(url: $url, kinds: $kinds) {
      id
    }
  }
`);

const UnsubscribeWebhookDocument = graphql(`
  mutation ConsoleUnsubscribeWebhook($id: ID!) {
    unsubscribeWebhook(id: $id)
  }
`);

type Subscription = ConsoleWebhookSubscriptionsQuery['webhookSubscriptions'][number];

/** The organisation's change-event subscriptions: list, add (endpoint and kinds), remove. */
export function Webhooks() {
  const { t, label, language } = useText();
  const [subs, setSubs] = useState<Subscription[] | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [url, setUrl] = useState('');
  const [kinds, setKinds] = useState<string[]>([]);
  const [urlError, setUrlError] = useState<string | undefined>();

  const load = useCallback(() => {
    request(WebhookSubscriptionsDocument).then((d) => setSubs(d.webhookSubscriptions), setFailure);
  }, []);
  useEffect(load, [load]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    if (!/^https?:\/\/\S+$/i.test(url.trim())) {
      setUrlError(url.trim() ? t('aaErrNotUrl') : t('aaErrRequired'));
      return;
    }
    setUrlError(undefined);
    try {
      await request(SubscribeWebhookDocument, { url: url.trim(), kinds: kinds.length > 0 ? kinds : null });
      setUrl('');
      setKinds([]);
      load();
    } catch (err) {
      // The hub refuses an endpoint it may not reach (internal, not allowed) naming `url`: shown at the field.
      const field = err instanceof GraphQLRequestError ? (err.errors[0]?.extensions as { field?: string } | undefined)?.field : undefined;
      if (err instanceof GraphQLRequestError && field === 'url') setUrlError(`${err.errors[0]!.message}（${err.errors[0]!.extensions?.code ?? ''}）`);
      else setFailure(err);
    }
  }

  function remove(s: Subscription) {
    if (!confirm(t('webhookRemoveConfirm', { url: s.url }))) return;
    setFailure(null);
    request(UnsubscribeWebhookDocument, { id: s.id }).then(load, setFailure);
  }

  const toggle = (kind: string) => setKinds(kinds.includes(kind) ? kinds.filter((k) => k !== kind) : [...kinds, kind]);
  return (
    <section aria-labelledby="webhooks-title" className="panel">
      <h2 id="webhooks-title">{t('webhooksTitle')}</h2>
      <p className="help">{t('webhooksHelp')}</p>
      {failure !== null && <ApiError error={failure} />}
      {subs === null && failure === null && <p role="status">{t('loading')}</p>}
      {subs?.length === 0 && <p>{t('webhooksNone')}</p>}
      {subs && subs.length > 0 && (
        <div className="table-scroll">
          <table data-testid="webhooks">
            <thead>
              <tr>
                <th scope="col">{t('webhookUrl')}</th>
                <th scope="col">{t('webhookKinds')}</th>
                <th scope="col">{t('scheduleActive')}</th>
                <th scope="col">{t('policyCreated')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('webhookRemove')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {subs.map((s) => (
                <tr key={s.id}>
                  <td>
                    <code>{s.url}</code>
                  </td>
                  <td>{s.kinds.length === 0 ? t('webhookKindsAll') : s.kinds.map((k) => label('changeKind', k)).join('、')}</td>
                  <td>{s.active ? t('webhookActive') : t('webhookInactive')}</td>
                  <td>
                    <time dateTime={s.createdAt}>{formatInstant(s.createdAt, language)}</time>
                  </td>
                  <td>
                    <button type="button" aria-label={`${t('webhookRemove')} ${s.url}`} onClick={() => remove(s)}>
                      {t('webhookRemove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="admin-form" onSubmit={submit} noValidate aria-label={t('webhookAdd')} data-testid="webhook-add">
        <Field id="webhook-url" label={t('webhookUrl')} error={urlError}>
          {(aria) => <input {...aria} type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://" spellCheck={false} />}
        </Field>
        <fieldset className="checkboxes" aria-describedby="webhook-kinds-help">
          <legend>{t('webhookKinds')}</legend>
          {CHANGE_KINDS.map((k) => (
            <label key={k}>
              <input type="checkbox" checked={kinds.includes(k)} onChange={() => toggle(k)} /> {label('changeKind', k)}
            </label>
          ))}
          <small id="webhook-kinds-help" className="help">
            {t('webhookKindsHelp')}
          </small>
        </fieldset>
        <div className="actions">
          <button type="submit" className="primary">
            {t('webhookAdd')}
          </button>
        </div>
      </form>
    </section>
  );
}
