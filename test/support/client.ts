import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type ExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface GraphQLResponse<TData> extends ExecutionResult<TData> {
  status: number;
  headers: Headers;
}

/**
 * The SQL statements the server sent to answer one HTTP request, from its `x-sql-statements` header
 * (given outside production). Statements of other requests and of background work are not in it.
 */
export function sqlStatementsOf(response: { headers: Headers }): number {
  const header = response.headers.get('x-sql-statements');
  if (header === null) throw new Error('The response has no x-sql-statements header');
  return Number(header);
}

/**
 * A GraphQL client over real HTTP (fetch) for tests. Documents are typed by codegen, so a test that
 * selects a field the schema lacks does not compile.
 */
export class GraphQLTestClient {
  constructor(
    readonly url: URL,
    readonly token: string | null = null,
  ) {}

  /** The same client, signed in with an access token. */
  as(token: string | null): GraphQLTestClient {
    return new GraphQLTestClient(this.url, token);
  }

  async request<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    ...[variables]: TVariables extends Record<string, never> ? [] : [TVariables]
  ): Promise<GraphQLResponse<TData>> {
    return this.raw<TData>({ query: print(document), variables });
  }

  /** Sends any body (for malformed and abusive requests the typed path cannot express). */
  async raw<TData = unknown>(body: unknown, headers: Record<string, string> = {}): Promise<GraphQLResponse<TData>> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const json = (await response.json()) as ExecutionResult<TData>;
    return { ...json, status: response.status, headers: response.headers };
  }

  /** Sends a GraphQL multipart request (file upload) for a document with one Upload variable. */
  async upload<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    variables: TVariables,
    filePath: string,
    file: File,
  ): Promise<GraphQLResponse<TData>> {
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: print(document), variables }));
    form.set('map', JSON.stringify({ '0': [`variables.${filePath}`] }));
    form.set('0', file);
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'graphql-require-preflight': 'true', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: form,
    });
    const json = (await response.json()) as ExecutionResult<TData>;
    return { ...json, status: response.status, headers: response.headers };
  }

  /** A graphql-ws client on the same URL, carrying the token in `connectionParams`. */
  subscriptions(): Client {
    const url = new URL(this.url);
    url.protocol = 'ws:';
    return createClient({
      url: url.href,
      webSocketImpl: WebSocket,
      connectionParams: this.token ? { authorization: `Bearer ${this.token}` } : {},
      retryAttempts: 0,
      lazy: true,
    });
  }
}

/** Asserts that a result union resolved to the expected __typename and narrows it. */
export function expectTypename<T extends { __typename?: string }, N extends string>(
  value: T | null | undefined,
  typename: N,
): Extract<T, { __typename?: N }> {
  if (!value || value.__typename !== typename) {
    throw new Error(`Expected ${typename}, got ${JSON.stringify(value)}`);
  }
  return value as Extract<T, { __typename?: N }>;
}
