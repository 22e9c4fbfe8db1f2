import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';

/**
 * The yardstick: graphql-yoga with its defaults and nothing else (no plugins, no database), answering
 * `{ hello }`. Every scenario of the benchmark is reported as a share of its throughput, measured in the
 * same run, because only ratios survive a busy machine.
 */
export async function startBareYoga(): Promise<{ url: URL; close(): Promise<void> }> {
  const yoga = createYoga({
    schema: createSchema({ typeDefs: 'type Query { hello: String! }', resolvers: { Query: { hello: () => 'world' } } }),
    graphiql: false,
    landingPage: false,
    logging: false,
  });
  return listen(yoga);
}

/**
 * The execution floor of a page: graphql-yoga with its defaults, this API's schema and nothing else (no
 * plugins, no database), answering a page's query from its answer recorded in memory. What remains is
 * HTTP, parsing, validation, graphql-js resolving every field of the page with its default resolver, and
 * serialising the result: the least any GraphQL server spends on that page, whatever its data layer.
 * `answers` maps a root query field to the value it answered (abstract types carry `__typename`).
 */
export async function startPageFloor(schemaSdl: string, answers: Record<string, unknown>): Promise<{ url: URL; close(): Promise<void> }> {
  const schema = buildSchema(schemaSdl);
  const yoga = createYoga({
    schema,
    graphiql: false,
    landingPage: false,
    logging: false,
    plugins: [{ onExecute: ({ args }: { args: { rootValue: unknown } }) => void (args.rootValue = answers) }],
  });
  return listen(yoga);
}

async function listen(handler: RequestListener): Promise<{ url: URL; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}/graphql`),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
