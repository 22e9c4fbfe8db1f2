// A process of scripted live-stream viewers (forked by `forkViewers` in main-process.ts): graphql-ws
// clients, one connection each, spread in turn over the servers it is given. It opens them in batches,
// each batch once the one before has its first messages, and tells its parent when all have joined; it
// answers 'report' with what every viewer received and 'count' with how many joined and completed. A
// process of its own so that a test can kill it like a real audience's devices, and so that the
// viewers' work does not run on the servers' CPU time.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { ViewerRecord, ViewersOptions, ViewersProcessMessage } from './main-process.ts';

const options = JSON.parse(process.env.VIEWERS_OPTIONS ?? '{}') as ViewersOptions;
const viewers: ViewerRecord[] = [];
const send = (message: ViewersProcessMessage) => process.send?.(message);

function open(index: number): ViewerRecord {
  const record: ViewerRecord = { messages: [], errors: [], closes: 0, completed: false };
  const url = new URL(options.urls[index % options.urls.length] as string);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const client = createClient({ url: url.href, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
  client.on('closed', () => (record.closes += 1));
  client.subscribe(
    { query: options.query, variables: { id: options.streamId } },
    {
      next: (result) => {
        if (result.errors) record.errors.push(...result.errors);
        const event = (result.data as { liveEvents?: Record<string, unknown> } | undefined)?.liveEvents;
        if (event) record.messages.push(event);
      },
      error: (error) => record.errors.push(error instanceof Error ? error.message : ((error as { code?: number }).code ?? error)),
      complete: () => (record.completed = true),
    },
  );
  return record;
}

process.on('message', (message) => {
  if (message === 'report') send({ type: 'report', viewers });
  if (message === 'count') send({ type: 'count', joined: viewers.filter((viewer) => viewer.messages.length > 0).length, completed: viewers.filter((viewer) => viewer.completed).length });
});

for (let start = 0; start < options.count; start += options.batch) {
  const batch = Array.from({ length: Math.min(options.batch, options.count - start) }, (_, offset) => open(start + offset));
  viewers.push(...batch);
  while (batch.some((viewer) => viewer.messages.length === 0 && viewer.errors.length === 0)) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
send({ type: 'joined', count: viewers.length });
