// GraphiQL from npm, bundled with the console: Monaco's workers are emitted by vite as files of
// their own (served same-origin), so the IDE works without the internet.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './graphiql.css';
import { GraphiQL } from 'graphiql';
import { StrictMode, type ComponentProps } from 'react';
import { createRoot } from 'react-dom/client';

type Fetcher = ComponentProps<typeof GraphiQL>['fetcher'];

/**
 * Sends the session cookie (same-origin); a token pasted into the Headers tab
 * (`{"Authorization": "Bearer ..."}`) is sent as well, and the hub then authenticates the token
 * instead of the session.
 */
const fetcher: Fetcher = async (params, options) => {
  const res = await fetch('/graphql', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { ...(options?.headers ?? {}), 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify(params),
  });
  return res.json();
};

const DEFAULT_QUERY = `# 核对中枢 GraphQL 调试台：已使用当前登录会话（或在 Headers 中粘贴 {"Authorization": "Bearer <token>"}）。
# Verification hub GraphiQL: requests use your console session, or a token pasted into Headers.
query Sources {
  sources {
    id
    labelZh
    protocol
    health {
      circuit
    }
  }
}
`;

const root = document.getElementById('graphiql');
if (!root) throw new Error('the page has no #graphiql element');
createRoot(root).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY} />
  </StrictMode>,
);
