// The slice of @sqlite.org/sqlite-wasm 3.41.2's oo1 API the SQLite peer uses (the package
// ships no type declarations). Declarations only; nothing here runs.
declare module '@sqlite.org/sqlite-wasm' {
  export interface Stmt {
    bind(values: readonly unknown[]): Stmt;
    step(): boolean;
    get(ndx: number): unknown;
    reset(alsoClearBinds?: boolean): Stmt;
    stepReset(): Stmt;
    finalize(): void;
  }
  export interface DB {
    exec(sql: string): DB;
    prepare(sql: string): Stmt;
    close(): void;
  }
  export interface Sqlite3 {
    version: { libVersion: string };
    oo1: { DB: new (filename: string, flags?: string) => DB; OpfsDb?: new (filename: string, flags?: string) => DB };
  }
  export default function sqlite3InitModule(options?: {
    print?: (...args: unknown[]) => void;
    printErr?: (...args: unknown[]) => void;
  }): Promise<Sqlite3>;
}
