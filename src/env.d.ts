// The few host globals the portable core may use. Every runtime Quire targets (browser
// window, dedicated worker, Node >= 20, edge runtimes) provides them; nothing else is allowed.

interface TextEncoderEncodeIntoResult { read: number; written: number }
declare class TextEncoder {
  encode(input?: string): Uint8Array;
  encodeInto(source: string, destination: Uint8Array): TextEncoderEncodeIntoResult;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}
declare const performance: { now(): number };
declare const console: {
  log(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
};
declare function setTimeout(handler: () => void, timeout?: number): unknown;
declare function clearTimeout(id: unknown): void;
declare function queueMicrotask(callback: () => void): void;
declare const crypto: {
  getRandomValues<T extends ArrayBufferView>(array: T): T;
};
declare function structuredClone<T>(value: T): T;
