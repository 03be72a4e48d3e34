// Relationships to Int-keyed entities through the generated API: mutation inputs name related rows
// by `ID` (API.md §2), which GraphQL coerces to a string ("5"); the catalog takes a canonical integer
// string as that Int key, and refuses anything else with a coded error, changing nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openTestDb } from './fixtures.ts';

const sdl = `type Planet { id: Int! @id name: String residents: [Person] }
type Person @plural(name: "people") { id: Int! @id name: String homeworld: Planet @relation(inverse: "residents") films: [Film] }
type Film { id: Int! @id title: String characters: [Person] }`;

describe('relationships to Int keys through ID inputs', () => {
  it('create and update name related rows by Int key from either side, as literals, variables or numeric strings', async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: -3, max: 3 }), fc.integer({ min: -3, max: 3 }), fc.boolean(), fc.boolean(),
      async (planet, film, asString, viaVariable) => {
        const db = await openTestDb(sdl, {
          Planet: [-3, -2, -1, 0, 1, 2, 3].map((id) => ({ id, name: `p${id}` })),
          Film: [-3, -2, -1, 0, 1, 2, 3].map((id) => ({ id, title: `f${id}` })),
          Person: [{ id: 1, name: 'a', homeworld: null, films: [] }],
        });
        const ref = (n: number) => (asString ? JSON.stringify(String(n)) : String(n));
        const run = (query: string, variables?: Record<string, unknown>) => {
          const r = db.engine.execute({ query, variables });
          expect(r.errors, query).toBeUndefined();
          return r.data!;
        };
        if (viaVariable) {
          run('mutation($p: ID, $f: [ID!]) { updatePerson(id: 1, data: { homeworld: $p, films: { set: $f } }) { id } }',
            { p: asString ? String(planet) : planet, f: [asString ? String(film) : film] });
        } else {
          run(`mutation { updatePerson(id: 1, data: { homeworld: ${ref(planet)}, films: { set: [${ref(film)}] } }) { id } }`);
        }
        run(`mutation { createPerson(data: { id: 2, homeworld: ${ref(planet)}, films: [${ref(film)}] }) { id } }`);
        // From the other sides: the planet's residents and the film's characters name person 3.
        run(`mutation { createPerson(data: { id: 3 }) { id } updatePlanet(id: ${planet}, data: { residents: { add: [${ref(3)}] } }) { id } updateFilm(id: ${film}, data: { characters: { add: [${ref(3)}] } }) { id } }`);
        const got = run(`{ planet(id: ${planet}) { residents { id homeworld { id } films { id } } } film(id: ${film}) { characters { id } } }`);
        expect(got).toEqual({
          planet: { residents: [1, 2, 3].map((id) => ({ id, homeworld: { id: planet }, films: [{ id: film }] })) },
          film: { characters: [{ id: 1 }, { id: 2 }, { id: 3 }] },
        });
      }), { numRuns: 30 });
  });

  it('an ID that is no Int key is refused with a coded error and nothing changes', async () => {
    const db = await openTestDb(sdl, { Planet: [{ id: 1 }], Person: [{ id: 1, homeworld: 1 }] });
    for (const bad of ['"x"', '"1.5"', '"01"', '" 1"', '"4294967296"', '"-0"']) {
      const r = db.engine.execute({ query: `mutation { updatePerson(id: 1, data: { homeworld: ${bad} }) { id } }` });
      expect(r.data, bad).toBeNull();
      expect(r.errors?.[0]?.extensions?.['code'], bad).toBe('BAD_USER_INPUT');
    }
    expect(db.engine.execute({ query: '{ person(id: 1) { homeworld { id } } }' }).data).toEqual({ person: { homeworld: { id: 1 } } });
  });
});
