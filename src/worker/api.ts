// The worker's remote interface as the main thread sees it through Comlink: plain data only,
// so the DOM program can import these types without pulling in worker-only code.

/** What a bootstrap probe of the worker's storage reports. */
export interface StorageProbe {
  /** The OPFS folder of this database. */
  folder: string;
  /** How many times this database folder has been opened, counting this one (read back from page 0). */
  opens: number;
  /** The main file's size in bytes. */
  fileSize: number;
  /** Whether the worker holds a real sync access handle (always true in a dedicated worker). */
  syncAccessHandle: boolean;
}

export interface WorkerApi {
  /** Opens the database folder `name`, bumps its open counter on disk, flushes and reports. */
  probe(name: string): Promise<StorageProbe>;
}
