import type { ExecutionResult, FormattedExecutionResult } from 'graphql';
import { deepFreeze } from '../deep-freeze.js';

/**
 * A GraphQL answer rendered once and served again: the result tree (frozen), its JSON as Apollo
 * sends it and that JSON's UTF-8 bytes. A full-household read spent about a quarter of its time
 * building the 601-attribute tree, turning it into JSON and that JSON into UTF-8 (issue 15), the
 * same work every time the same version of a report was read with the same query.
 */
export interface RenderedAnswer {
  readonly result: ExecutionResult;
  readonly string: string;
  readonly bytes: Buffer;
}

/** Queries rendered per resolved value at most (the newest kept): a console and an assistance system asking differently. */
const QUERIES_PER_VALUE = 2;

/**
 * Answers by the object the operation's root field resolved to, then by query and variables. Held
 * weakly: an answer lives as long as the value it was rendered from (a kept report version's view,
 * src/reports opened.ts), so it holds no personal data longer than that version is kept.
 */
const byValue = new WeakMap<object, Map<string, RenderedAnswer>>();
/** The answers by their result's data, for Apollo's `stringifyResult`. */
const byData = new WeakMap<object, RenderedAnswer>();

/** The answer rendered for `value` under `query` (its text's hash, operation name and variables), if any. */
export function renderedFor(value: object, query: string): RenderedAnswer | null {
  return byValue.get(value)?.get(query) ?? null;
}

/**
 * Renders a result that has no errors and keeps it for `value` and `query`. The JSON is Apollo's
 * own (`JSON.stringify` and a newline, with `errors` and `extensions` absent).
 */
export function render(value: object, query: string, result: ExecutionResult): RenderedAnswer {
  deepFreeze(result);
  const string = `${JSON.stringify({ data: result.data })}\n`;
  const answer: RenderedAnswer = { result, string, bytes: Buffer.from(string, 'utf8') };
  let queries = byValue.get(value);
  if (!queries) byValue.set(value, (queries = new Map()));
  queries.delete(query);
  while (queries.size >= QUERIES_PER_VALUE) queries.delete(queries.keys().next().value!);
  queries.set(query, answer);
  if (result.data) byData.set(result.data, answer);
  return answer;
}

/**
 * Apollo's `stringifyResult`: a rendered answer's JSON when the formatted result is exactly that
 * answer (no errors or extensions added on the way), else `JSON.stringify` as Apollo's default does.
 */
export function stringifyAnswer(value: FormattedExecutionResult): string {
  const answer = value.data && !value.errors && !value.extensions ? byData.get(value.data) : undefined;
  return answer ? answer.string : `${JSON.stringify(value)}\n`;
}

/** The bytes of a rendered answer whose JSON is `string` (the same string, not an equal one). */
export function renderedBytes(answer: RenderedAnswer | undefined, string: string): Buffer | null {
  return answer && answer.string === string ? answer.bytes : null;
}
