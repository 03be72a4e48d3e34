// A part of Quire loaded on first use (schema builder, loader, HTTP handler) whose chunk cannot be
// fetched fails with a coded DATABASE_UNAVAILABLE naming the part — never a bare TypeError, never a hang.
import { describe, expect, it } from 'vitest';
import { QuireError } from '../../src/db/errors.ts';
import { loadPart } from '../../src/db/lazy.ts';

describe('loadPart', () => {
  it('hands over the loaded module', async () => {
    const module = await loadPart('the loader', () => import('../../src/catalog/load.ts'));
    expect(typeof module.load).toBe('function');
  });

  it('turns a failed dynamic import (the browser says TypeError) into DATABASE_UNAVAILABLE naming the part', async () => {
    const failed = loadPart('the schema builder', () => Promise.reject(new TypeError('Failed to fetch dynamically imported module: /assets/build-x.js')));
    await expect(failed).rejects.toBeInstanceOf(QuireError);
    await expect(failed).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE', message: expect.stringContaining('the schema builder') });
    await expect(failed).rejects.toMatchObject({ message: expect.stringContaining('Failed to fetch dynamically imported module') });
  });

  it('fails a module that throws while it evaluates the same way', async () => {
    await expect(loadPart('the loader', async () => {
      throw new SyntaxError('Unexpected token');
    })).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
  });
});
