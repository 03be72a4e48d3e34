// Many real tabs, one database: the first tab's worker owns the OPFS files, the others forward to
// it; when the owner tab closes, another tab takes over from the files without losing a committed
// transaction, live queries keep firing, and no tab ever sees "file is locked".
import { expect, test, type Page } from 'playwright/test';
import { openDemo, watchErrors } from './support/demo.ts';

const count = (page: Page) =>
  page.evaluate(async () => {
    const r = await window.quire!.db.query('{ peopleAggregate { count } }');
    return (r.data as { peopleAggregate: { count: number } }).peopleAggregate.count;
  });

const create = (page: Page, name: string) =>
  page.evaluate(async (n) => window.quire!.db.query('mutation($n: String!) { createPerson(data: { name: $n }) { name } }', { n }), name);

test('closing the owner tab hands the database to another tab with every commit kept', async ({ context, page }) => {
  const owner = page;
  await openDemo(owner);
  const base = await count(owner);
  const second = await context.newPage();
  const third = await context.newPage();
  const errors = [...[second, third].map(watchErrors)];
  await openDemo(second);
  await openDemo(third);

  // Writes from every tab go to the one owner, in order.
  expect(await create(second, 'Tab Two')).toEqual({ data: { createPerson: { name: 'Tab Two' } } });
  expect(await create(owner, 'Tab One')).toEqual({ data: { createPerson: { name: 'Tab One' } } });
  expect(await count(third)).toBe(base + 2);

  // A live query in the third tab, then the owner tab goes away.
  await third.evaluate(() => {
    (window as unknown as { counts: number[] }).counts = [];
    (window.quire!.db as unknown as { subscribe(r: { query: string }, cb: (r: { data: { peopleAggregate: { count: number } } }) => void): void }).subscribe(
      { query: '{ peopleAggregate { count } }' },
      (r) => (window as unknown as { counts: number[] }).counts.push(r.data.peopleAggregate.count),
    );
  });
  await expect.poll(() => third.evaluate(() => (window as unknown as { counts: number[] }).counts.at(-1))).toBe(base + 2);
  await owner.close();

  // Another tab took over: reads and writes work everywhere, nothing committed was lost,
  // and the live query kept running across the takeover.
  expect(await create(second, 'After Takeover')).toEqual({ data: { createPerson: { name: 'After Takeover' } } });
  expect(await count(third)).toBe(base + 3);
  await expect.poll(() => third.evaluate(() => (window as unknown as { counts: number[] }).counts.at(-1))).toBe(base + 3);
  const names = await second.evaluate(async () => {
    const r = await window.quire!.db.query('{ people(where: { name: { in: ["Tab One", "Tab Two", "After Takeover"] } }) { name } }');
    return (r.data as { people: { name: string }[] }).people.map((p) => p.name).sort();
  });
  expect(names).toEqual(['After Takeover', 'Tab One', 'Tab Two']);

  // A tab opened now joins the new owner and sees the same data.
  const fourth = await context.newPage();
  errors.push(watchErrors(fourth));
  expect(await openDemo(fourth)).toBe('opened');
  expect(await count(fourth)).toBe(base + 3);
  expect(errors.flat()).toEqual([]);
});
