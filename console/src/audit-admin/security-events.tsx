import { useEffect, useState } from 'react';
import { graphql } from '../gql';
import type { ConsoleSecurityEventsQuery } from '../gql/graphql';
import { request } from '../graphql-client';
import { useText } from '../language';
import { ApiError } from './api-error';
import { formatInstant } from './format';

const SecurityEventsDocument = graphql(`
  query ConsoleSecurityEvents($first: Int) {
    securityEvents(first: $first) {
      id
      occurredAt
      lastAt
      kind
      reason
      errorCode
      sourceAddress
      actorSub
      claimedSub
      door
      detail
      count
    }
  }
`);

/** Requests refused before any data was touched (the security log), newest first. */
export function SecurityEvents() {
  const { t, label, language } = useText();
  const [events, setEvents] = useState<ConsoleSecurityEventsQuery['securityEvents'] | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  useEffect(() => {
    request(SecurityEventsDocument, { first: 50 }).then((d) => setEvents(d.securityEvents), setFailure);
  }, []);
  return (
    <section aria-labelledby="security-title" className="panel">
      <h2 id="security-title">{t('securityTitle')}</h2>
      <p className="help">{t('securityHelp')}</p>
      {failure !== null && <ApiError error={failure} />}
      {events === null && failure === null && <p role="status">{t('loading')}</p>}
      {events?.length === 0 && <p>{t('securityNone')}</p>}
      {events && events.length > 0 && (
        <div className="table-scroll">
          <table data-testid="security-events">
            <thead>
              <tr>
                <th scope="col">{t('auditTime')}</th>
                <th scope="col">{t('securityKindCol')}</th>
                <th scope="col">{t('securityReason')}</th>
                <th scope="col">{t('securityDoor')}</th>
                <th scope="col">{t('securityActor')}</th>
                <th scope="col">{t('securityAddress')}</th>
                <th scope="col">{t('securityCount')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td>
                    <time dateTime={e.occurredAt}>{formatInstant(e.occurredAt, language)}</time>
                  </td>
                  <td>{label('securityKind', e.kind)}</td>
                  <td>
                    {e.reason ?? ''} <code>{e.errorCode}</code>
                    {e.detail && (
                      <>
                        <br />
                        <small>{e.detail}</small>
                      </>
                    )}
                  </td>
                  <td>
                    <code>{e.door}</code>
                  </td>
                  <td>{e.actorSub ?? (e.claimedSub ? `(${e.claimedSub})` : '')}</td>
                  <td>{e.sourceAddress ?? ''}</td>
                  <td className="number">{e.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
