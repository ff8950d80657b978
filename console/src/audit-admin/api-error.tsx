import { GraphQLRequestError } from '../graphql-client';
import { useText } from '../language';

/** An API refusal as the hub said it: each error's message with its `extensions.code`. */
export function ApiError({ error }: { error: unknown }) {
  const { t } = useText();
  const items = error instanceof GraphQLRequestError && error.errors.length > 0 ? error.errors.map((e) => ({ code: e.extensions?.code ?? 'ERROR', message: e.message })) : [{ code: 'ERROR', message: error instanceof Error ? error.message : String(error) }];
  return (
    <div role="alert" className="api-error">
      {t('aaApiError')}
      {items.map((e, i) => (
        <span key={i} data-code={e.code}>
          <code>{e.code}</code> {e.message}
        </span>
      ))}
    </div>
  );
}
