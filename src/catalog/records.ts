// Record readers for loading: text in the load formats (JSON keyed by type name, read
// incrementally one record at a time; NDJSON lines) → calls on a RecordSink. They own only the
// syntax; they never validate records or touch storage (the loader does).

/** Where readers deliver records and file-level problems. */
export interface RecordSink {
  /** Whether `typeName` may hold records (the sink reports it when not). */
  knownType(typeName: string): boolean;
  add(typeName: string, record: unknown): void;
  /** A type's value that is not a list of records. */
  badType(typeName: string, message: string): void;
  problem(path: string, message: string): void;
}

/** NDJSON when the first non-blank line is a whole `{"type": ..., "record": ...}` object. */
export function detectFormat(text: string): 'json' | 'ndjson' {
  const start = text.search(/\S/);
  if (start < 0) return 'json';
  const end = text.indexOf('\n', start);
  const line = text.slice(start, end < 0 ? undefined : end).trim();
  try {
    const v = JSON.parse(line) as Record<string, unknown>;
    if (v && typeof v === 'object' && !Array.isArray(v) && typeof v.type === 'string' && 'record' in v) return 'ndjson';
  } catch {
    // not a complete line of JSON: the JSON format
  }
  return 'json';
}

/** A reader fed text in pieces, then ended. */
export interface Pushable {
  push(text: string): void;
  end(): void;
}

/** The longest NDJSON line accepted (characters); a longer one is a problem, skipped in linear time. */
export const MAX_NDJSON_LINE = 32 * 1024 * 1024;

/**
 * NDJSON: one `{"type":"Person","record":{...}}` per line; blank lines are skipped. Each chunk is
 * scanned once (a line split over many chunks is joined once, at its end), so a hostile input of one
 * endless line costs linear time and at most MAX_NDJSON_LINE characters of memory.
 */
export class NdjsonSplitter implements Pushable {
  /** Pieces of the line in progress (no newline among them yet). */
  private pending: string[] = [];
  private pendingLength = 0;
  /** The line in progress grew past MAX_NDJSON_LINE: drop it up to its newline. */
  private skipping = false;
  private line = 0;
  constructor(private readonly loader: RecordSink) {}

  push(text: string): void {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      this.take(text.slice(start, nl));
      this.finishLine();
      start = nl + 1;
    }
    if (start < text.length) this.take(text.slice(start));
  }

  end(): void {
    if (this.pendingLength || this.skipping) this.finishLine();
  }

  private take(piece: string): void {
    if (this.skipping || piece.length === 0) return;
    if (this.pendingLength + piece.length > MAX_NDJSON_LINE) {
      this.skipping = true;
      this.pending = [];
      this.pendingLength = 0;
      return;
    }
    this.pending.push(piece);
    this.pendingLength += piece.length;
  }

  private finishLine(): void {
    if (this.skipping) {
      this.line++;
      this.skipping = false;
      this.loader.problem(`line ${this.line}`, `longer than ${MAX_NDJSON_LINE} characters`);
      return;
    }
    const raw = this.pending.length === 1 ? this.pending[0]! : this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    this.handle(raw);
  }

  private handle(raw: string): void {
    this.line++;
    const text = raw.trim();
    if (!text) return;
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (e) {
      this.loader.problem(`line ${this.line}`, `not valid JSON: ${(e as Error).message}`);
      return;
    }
    const o = v as { type?: unknown; record?: unknown };
    if (!o || typeof o !== 'object' || Array.isArray(o) || typeof o.type !== 'string' || !('record' in o)) {
      this.loader.problem(`line ${this.line}`, 'expected {"type": "<TypeName>", "record": {...}}');
      return;
    }
    this.loader.add(o.type, o.record);
  }
}

/**
 * An incremental reader of `{ "Type": [ record, ... ], ... }`: it keeps only the record being
 * read, so a file of any size streams in bounded memory. Each complete record is parsed with
 * JSON.parse and handed to the loader.
 */
export class StreamingJson implements Pushable {
  /** 0 before `{`, 1 in the top object, 2 in a type's array, 3 after the top object. */
  private level = 0;
  private typeName: string | null = null;
  private expectKey = true;
  private buf = '';
  private depth = 0;
  private inString = false;
  private escape = false;
  private capturing: 'key' | 'record' | 'value' | null = null;
  private failed = false;

  constructor(private readonly loader: RecordSink) {}

  private fail(message: string): void {
    if (!this.failed) this.loader.problem('(file)', message);
    this.failed = true;
  }

  push(text: string): void {
    if (this.failed) return;
    let captureFrom = this.capturing ? 0 : -1;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (this.capturing) {
        if (this.inString) {
          if (this.escape) this.escape = false;
          else if (ch === 92) this.escape = true;
          else if (ch === 34) {
            this.inString = false;
            if (this.capturing === 'key') {
              this.buf += text.slice(captureFrom, i + 1);
              this.finishKey();
              captureFrom = -1;
            } else if (this.depth === 0) {
              this.buf += text.slice(captureFrom, i + 1);
              this.finishValue();
              captureFrom = -1;
            }
          }
          continue;
        }
        if (ch === 34) this.inString = true;
        else if (ch === 123 || ch === 91) this.depth++;
        else if (ch === 125 || ch === 93) {
          this.depth--;
          if (this.depth === 0) {
            this.buf += text.slice(captureFrom, i + 1);
            this.finishValue();
            captureFrom = -1;
          } else if (this.depth < 0) {
            // a scalar value at the array's or object's end: `..., 5]`
            this.buf += text.slice(captureFrom, i);
            this.depth = 0;
            this.finishValue();
            captureFrom = -1;
            i--;
          }
        } else if (ch === 44 && this.depth === 0) {
          this.buf += text.slice(captureFrom, i);
          this.finishValue();
          captureFrom = -1;
          i--;
        }
        continue;
      }
      if (ch === 32 || ch === 10 || ch === 13 || ch === 9) continue;
      switch (this.level) {
        case 0:
          if (ch !== 123) return this.fail('expected a JSON object keyed by type name ({"Person": [...]}) or NDJSON lines');
          this.level = 1;
          this.expectKey = true;
          break;
        case 1:
          if (this.expectKey) {
            if (ch === 125) this.level = 3;
            else if (ch === 44 && this.typeName !== null) continue;
            else if (ch === 34) {
              this.capturing = 'key';
              this.inString = true;
              this.buf = '';
              captureFrom = i;
            } else return this.fail(`unexpected "${String.fromCharCode(ch)}" in the top-level object`);
          } else if (ch === 58) continue;
          else if (ch === 91) this.level = 2;
          else {
            // not an array: capture the value to report it
            this.startValue('value', text, i);
            captureFrom = i;
          }
          break;
        case 2:
          if (ch === 93) {
            this.level = 1;
            this.expectKey = true;
          } else if (ch === 44) continue;
          else {
            this.startValue('record', text, i);
            captureFrom = i;
          }
          break;
        case 3:
          return this.fail('unexpected text after the top-level object');
      }
    }
    if (this.capturing && captureFrom >= 0) this.buf += text.slice(captureFrom);
  }

  private startValue(kind: 'record' | 'value', text: string, i: number): void {
    this.capturing = kind;
    this.buf = '';
    this.depth = 0;
    const ch = text.charCodeAt(i);
    if (ch === 123 || ch === 91) this.depth = 1;
    else if (ch === 34) this.inString = true;
  }

  private finishKey(): void {
    this.capturing = null;
    try {
      this.typeName = JSON.parse(this.buf) as string;
    } catch {
      return this.fail('a malformed type name');
    }
    this.expectKey = false;
    this.buf = '';
    this.loader.knownType(this.typeName);
  }

  private finishValue(): void {
    const kind = this.capturing;
    this.capturing = null;
    const text = this.buf;
    this.buf = '';
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      return this.fail(`malformed JSON in ${this.typeName}: ${(e as Error).message}`);
    }
    if (kind === 'record') this.loader.add(this.typeName!, value);
    else {
      this.loader.badType(this.typeName!, `expected a list of ${this.typeName} records`);
      this.expectKey = true;
    }
  }

  end(): void {
    if (this.failed) return;
    if (this.level !== 3) this.fail('the JSON ends before the top-level object is closed');
  }
}

