// Server-Sent Events for GraphQL, per the graphql-sse protocol's distinct-connections mode: one
// response per operation carrying `next` events (one GraphQL result each) and a final `complete`.
// Owns the event framing and the stream's life (keep-alive, cancel); never runs an operation itself.
import type { ExecutionResult } from '../db/api.ts';
import { EVENT_STREAM, type HeaderMap, type HttpResponse } from './http.ts';

/** Where an operation writes its results; `complete` ends the stream. */
export interface EventSink {
  next(result: ExecutionResult): void;
  complete(): void;
}

/** Starts an operation on a sink and returns how to stop it (called once, when the stream ends). */
export type StartOperation = (sink: EventSink) => () => void;

const encoder = new TextEncoder();
const KEEP_ALIVE = encoder.encode(':\n\n');
const COMPLETE = encoder.encode('event: complete\ndata:\n\n');

/** Events queued for a slow client before results are coalesced. */
const QUEUED_EVENTS = 8;

/**
 * A `text/event-stream` response running `start`. It stops the operation when the operation
 * completes, when the client goes away (`signal` aborts or the body is cancelled), whichever first.
 * A comment is sent every `keepAliveMs` so that proxies keep the connection open. A client that
 * reads slower than results come gets the latest result once it catches up, not every one in
 * between (the live-query contract: intermediate states may be skipped, the latest never is).
 */
export function eventStreamResponse(start: StartOperation, signal: AbortSignal | null, headers: HeaderMap, keepAliveMs = 15_000): HttpResponse {
  let stop: (() => void) | null = null;
  let ended = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let pending: ExecutionResult | null = null;
  const send = (result: ExecutionResult): void => controller.enqueue(encoder.encode(`event: next\ndata: ${JSON.stringify(result)}\n\n`));
  const full = (): boolean => (controller.desiredSize ?? 1) <= 0;
  const end = (close: boolean): void => {
    if (ended) return;
    ended = true;
    clearInterval(timer);
    signal?.removeEventListener('abort', onAbort);
    const stopping = stop;
    stop = null;
    stopping?.();
    if (close) {
      try {
        controller.close();
      } catch {
        // already closed by the consumer
      }
    }
  };
  const onAbort = (): void => end(true);
  const sink: EventSink = {
    next(result) {
      if (ended) return;
      if (full()) pending = result;
      else send(result);
    },
    complete() {
      if (ended) return;
      if (pending) send(pending);
      pending = null;
      controller.enqueue(COMPLETE);
      end(true);
    },
  };
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      controller.enqueue(KEEP_ALIVE); // lets the client see the headers and the stream open at once
      if (signal?.aborted) return end(true);
      signal?.addEventListener('abort', onAbort);
      const stopOperation = start(sink);
      if (ended) stopOperation();
      else {
        stop = stopOperation;
        timer = setInterval(() => full() || controller.enqueue(KEEP_ALIVE), keepAliveMs);
      }
    },
    pull() {
      if (pending && !ended) {
        send(pending);
        pending = null;
      }
    },
    cancel() {
      end(false);
    },
  }, new CountQueuingStrategy({ highWaterMark: QUEUED_EVENTS }));
  return {
    status: 200,
    body,
    headers: { ...headers, 'content-type': `${EVENT_STREAM}; charset=utf-8`, 'cache-control': 'no-cache', 'x-accel-buffering': 'no' },
  };
}
