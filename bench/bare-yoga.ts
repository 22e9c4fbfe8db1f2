import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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
  const server = createServer(yoga);
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
