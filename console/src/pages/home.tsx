import { useEffect, useState } from 'react';
import { graphql } from '../gql';
import type { ConsoleSourcesQuery } from '../gql/graphql';
import { request } from '../graphql-client';
import { useText } from '../language';

const SourcesQueryDocument = graphql(`
  query ConsoleSources {
    sources {
      id
      labelZh
      labelEn
      protocol
      health {
        circuit
        calls
        failures
      }
    }
  }
`);

type Loaded = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'done'; data: ConsoleSourcesQuery };

/** The first page: the sources and their connectors' health, read over GraphQL with the session. */
export function HomePage() {
  const { t, label, language } = useText();
  const [state, setState] = useState<Loaded>({ kind: 'loading' });
  useEffect(() => {
    request(SourcesQueryDocument).then(
      (data) => setState({ kind: 'done', data }),
      (err: Error) => setState({ kind: 'failed', message: err.message }),
    );
  }, []);
  if (state.kind === 'loading') return <p role="status">{t('loading')}</p>;
  if (state.kind === 'failed') return <p role="alert">{t('loadFailed')}：{state.message}</p>;
  const sources = state.data.sources;
  return (
    <section aria-labelledby="sources-title">
      <h2 id="sources-title">{t('sourcesTitle')}</h2>
      <p data-testid="source-count">{t('sourceCount', { n: sources.length })}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('sourceName')}</th>
            <th scope="col">{t('sourceId')}</th>
            <th scope="col">{t('protocol')}</th>
            <th scope="col">{t('circuit')}</th>
            <th scope="col">{t('calls')}</th>
            <th scope="col">{t('failures')}</th>
          </tr>
        </thead>
        <tbody>
          {sources.map((s) => (
            <tr key={s.id}>
              <td>{language === 'en' ? s.labelEn : s.labelZh}</td>
              <td>
                <code>{s.id}</code>
              </td>
              <td>{label('protocol', s.protocol)}</td>
              <td className={`circuit-${s.health.circuit.toLowerCase()}`}>{label('circuit', s.health.circuit)}</td>
              <td className="number">{s.health.calls}</td>
              <td className="number">{s.health.failures}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
