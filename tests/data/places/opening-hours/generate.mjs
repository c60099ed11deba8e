// SPDX-License-Identifier: GPL-3.0-or-later
//
// Writes reference.json beside this file: what the OpenStreetMap reference implementation,
// opening_hours.js (npm package "opening_hours"), answers for a table of expressions, instants and
// time zones. tests/places/test-opening-hours.c checks Device Care's evaluator against every answer.
//
// Run it (node ≥ 18; nothing is installed into the source tree):
//
//   dir=$(mktemp -d) && npm install --prefix "$dir" opening_hours@3.15.0
//   OPENING_HOURS_JS="$dir/node_modules/opening_hours" node tests/data/places/opening-hours/generate.mjs
//
// opening_hours.js evaluates in the local time zone of JavaScript's Date, so this script runs
// itself once per zone with TZ set, and merges the answers. Instants are absolute (with an
// offset), so both passes through the hour a clock repeats in autumn are asked about.
// The reference gets no location (null): it then applies the public holidays of its default
// location (Baden-Württemberg, Germany), which this file lists so the test can feed the same
// days to our evaluator.

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const module_dir = process.env.OPENING_HOURS_JS;
if (!module_dir) {
  console.error('Set OPENING_HOURS_JS to the installed opening_hours package (see the top of this file).');
  process.exit(2);
}
const require = createRequire(path.join(path.resolve(module_dir), 'package.json'));
const opening_hours = require(path.resolve(module_dir));
const version = require(path.join(path.resolve(module_dir), 'package.json')).version;

// What places write in practice, what DESIGN §4 names, the corners (midnight, overrides, DST),
// and forms Device Care does not understand (it must say "unknown" there, never "open").
const expressions = [
  'Mo-Fr 09:00-18:00; Sa 10:00-14:00',
  '24/7',
  'off',
  'closed',
  'Mo-Fr 09:00-12:00,13:00-18:00',
  'Mo-Su 08:00-20:00',
  'Mo,We,Fr 10:00-16:00',
  'Fr-Mo 10:00-18:00',
  'Mo-Fr 22:00-02:00',
  'Fr,Sa 20:00-03:00; Su off',
  'Mo-Sa 09:00-24:00',
  '18:00-06:00',
  '10:00-18:00',
  'Mo-Fr 00:00-24:00',
  'Mo-Fr 12:00-12:00',
  'Mo-Fr 09:00-18:00; PH off',
  'Mo-Sa 09:00-18:00; Su,PH off',
  'PH off; Mo-Fr 09:00-18:00',
  'Mo-Fr 09:00-18:00; PH 10:00-12:00',
  'PH 10:00-12:00',
  'Mo-Fr 09:00-13:00,14:00-18:00; Sa 09:00-13:00; PH,Su off',
  'Mo-Fr 09:00-18:00 "by appointment"',
  'Mo-Fr 09:00-18:00 open "walk-in"',
  'Mo-Fr 09:00-18:00; Sa unknown',
  'Mo-Fr 08:00-18:00; Sa 08:00-12:00 unknown "depends on staff"',
  '"by appointment"',
  'Mo-Fr 09:00-18:00 || "call ahead"',
  'Mo-Fr 08:00-12:00, We 14:00-18:00',
  'Mo-Fr 09:00-18:00, Sa 10:00-14:00',
  'Mo-Fr 09:00-18:00; We 12:00-14:00 off',
  'Mo-Fr 09:00-18:00; We 10:00-12:00',
  'Mo-Fr 10:00-20:00; Mo-Fr 12:00-13:00 closed',
  'Mo-Fr 08:00-12:00; 14:00-18:00',
  'Mo 22:00-02:00; Tu 10:00-12:00',
  'Tu 10:00-12:00; Mo 22:00-02:00',
  'Tu-Th 12:00-14:00,18:00-23:00; Fr-Sa 12:00-14:00,18:00-01:00',
  'Mo-Fr 17:00-01:00; Sa 12:00-24:00',
  'Sa-Su 10:00-22:00; Mo-Fr 17:00-22:00',
  'Mo-Su 01:00-04:00',
  'Su 02:00-03:00',
  'Sa 22:00-04:00',
  'Mo-Su 00:00-02:30',
  'Jan-Mar Mo-Fr 10:00-16:00; Apr-Dec Mo-Fr 09:00-18:00',
  'Nov-Feb Mo-Fr 10:00-16:00',
  'Mo-Fr 09:00-18:00; Dec 24-26 off',
  'Mo-Su 10:00-16:00; Dec 25 off',
  'Dec 25 off; Mo-Su 10:00-16:00',
  'Mo-Fr 09:00-18:00; Dec 31-Jan 01 off',
  'Dec 24 10:00-14:00',
  'mo-fr 09:00-18:00',
  'Mo-Fr 09:00-18:00 ; Sa 10:00 - 14:00',
  'Mo-Fr: 09:00-18:00',
  'Dec 24: 10:00-14:00; Mo-Fr 09:00-18:00',
  'Mo-Fr 08:30-12:00, 14:00-18:30; Sa 09:00-12:00; Su,PH off',
  'Mo-Sa 10:00-20:00; PH,Su off; Dec 24,Dec 31 10:00-14:00',
  // Understood by the reference, not by Device Care:
  'Mo-Fr sunrise-sunset',
  'Mo-Fr 09:00+',
  'Mo[1] 10:00-12:00',
  'week 01-53/2 Mo 10:00-12:00',
  '2026 Mo-Fr 10:00-12:00',
  'Mo-Fr 9-18',
  'Dec 24,31 off; Mo-Su 10:00-16:00',
  'easter off; Mo-Su 10:00-16:00',
  // Understood by neither:
  'foo',
  'Mo-Fr 25:00-26:00',
  'Mo-Fr 09:00-',
  'Mo-Fr 09:00-18:00;; Sa',
];

// Absolute instants, grouped by the zone they are asked in: midnight, week and year boundaries,
// the nights clocks change, and public holidays at the reference's default location.
const instants = {
  'Europe/Berlin': [
    '2026-03-27T10:00:00+01:00', // Friday
    '2026-03-28T21:00:00+01:00', // Saturday before the spring-forward night
    '2026-03-29T00:30:00+01:00',
    '2026-03-29T01:30:00+01:00', // 02:00 CET is 03:00 CEST
    '2026-03-29T03:30:00+02:00',
    '2026-03-29T23:59:30+02:00', // Sunday, just before Monday
    '2026-03-30T00:00:00+02:00',
    '2026-03-30T00:30:00+02:00',
    '2026-04-03T10:00:00+02:00', // Good Friday
    '2026-06-15T12:00:00+02:00', // an ordinary Monday
    '2026-06-19T23:30:00+02:00',
    '2026-06-20T01:00:00+02:00', // Saturday, after a Friday late shift
    '2026-06-21T13:00:00+02:00', // Sunday
    '2026-10-24T23:00:00+02:00', // Saturday before the fall-back night
    '2026-10-25T02:30:00+02:00', // the first 02:30
    '2026-10-25T02:30:00+01:00', // the second 02:30
    '2026-10-25T02:15:00+01:00', // the second 02:15
    '2026-10-25T12:00:00+01:00',
    '2026-12-24T17:00:00+01:00',
    '2026-12-25T10:00:00+01:00', // Christmas Day, a Friday
    '2026-12-31T23:00:00+01:00',
    '2027-01-04T08:59:00+01:00', // Monday, a minute before nine
  ],
  'Europe/London': [
    '2026-03-29T00:30:00+00:00',
    '2026-03-29T02:30:00+01:00',
    '2026-10-25T01:30:00+01:00',
    '2026-10-25T01:30:00+00:00',
    '2026-06-19T17:59:00+01:00',
  ],
  'America/New_York': [
    '2026-03-07T23:00:00-05:00',
    '2026-03-08T01:30:00-05:00', // 02:00 EST is 03:00 EDT
    '2026-03-08T03:30:00-04:00',
    '2026-03-09T08:00:00-04:00',
    '2026-06-17T12:00:00-04:00',
    '2026-10-31T22:30:00-04:00',
    '2026-11-01T01:30:00-04:00', // the first 01:30
    '2026-11-01T01:30:00-05:00', // the second 01:30
    '2026-12-25T10:00:00-05:00',
  ],
  'Australia/Sydney': [
    '2026-04-04T22:00:00+11:00',
    '2026-04-05T02:30:00+11:00', // clocks go back at 03:00 AEDT
    '2026-04-05T02:30:00+10:00',
    '2026-04-05T02:15:00+10:00',
    '2026-10-04T01:30:00+10:00', // 02:00 AEST is 03:00 AEDT
    '2026-10-04T03:30:00+11:00',
    '2026-07-06T09:30:00+10:00',
  ],
  'Asia/Kolkata': [
    '2026-06-19T17:45:00+05:30',
    '2026-06-20T00:15:00+05:30',
  ],
};

function pad(n, width = 2) {
  return String(Math.abs(n)).padStart(width, '0');
}

// ISO 8601 in the local zone, with its offset, to the second.
function localIso(date) {
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(Math.trunc(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

function stateAt(oh, date) {
  if (oh.getUnknown(date))
    return 'unknown';
  return oh.getState(date) ? 'open' : 'closed';
}

// An ISO 8601 string, null if the state never changes, or {error} where the reference fails (it
// can loop on the hour a clock repeats).
function nextChange(oh, at) {
  try {
    const next = oh.getNextChange(at);
    return next === undefined ? null : localIso(next);
  } catch (error) {
    return { error: String(error) };
  }
}

// One zone: run with TZ set, print {expression: {error} | {answers}} as JSON.
function answerZone(zone) {
  const result = {};
  for (const expression of expressions) {
    let oh;
    try {
      oh = new opening_hours(expression, null, { tag_key: 'opening_hours' });
    } catch (error) {
      result[expression] = { error: String(error).split('\n')[0] };
      continue;
    }
    result[expression] = {
      answers: instants[zone].map(iso => {
        const at = new Date(iso);
        return [zone, localIso(at), stateAt(oh, at), nextChange(oh, at)];
      }),
    };
  }
  return result;
}

// The days the reference treats as public holidays, as local dates.
function publicHolidays() {
  const oh = new opening_hours('PH', null, { tag_key: 'opening_hours' });
  return oh.getOpenIntervals(new Date(2026, 0, 1), new Date(2028, 0, 1))
    .map(([from]) => localIso(from).slice(0, 10));
}

if (process.argv[2] === '--zone') {
  process.stdout.write(JSON.stringify(answerZone(process.argv[3])));
  process.exit(0);
}

const per_zone = {};
for (const zone of Object.keys(instants)) {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--zone', zone], {
    env: { ...process.env, TZ: zone },
  });
  per_zone[zone] = JSON.parse(out);
}

const entries = expressions.map(expression => {
  const first = per_zone[Object.keys(instants)[0]][expression];
  if (first.error !== undefined)
    return { expression, error: first.error };
  return {
    expression,
    answers: Object.keys(instants).flatMap(zone => per_zone[zone][expression].answers),
  };
});

// One answer a line: the file diffs well when the reference changes.
const lines = [
  '{',
  `  "reference": ${JSON.stringify(`opening_hours ${version} (npm), location null`)},`,
  '  "generator": "tests/data/places/opening-hours/generate.mjs",',
  '  "answer_fields": ["zone", "at", "state", "next_change (null: never; {error}: the reference failed)"],',
  `  "public_holidays": ${JSON.stringify(publicHolidays())},`,
  '  "expressions": [',
  entries.map(entry => {
    if (entry.error !== undefined)
      return `    { "expression": ${JSON.stringify(entry.expression)}, "error": ${JSON.stringify(entry.error)} }`;
    return `    { "expression": ${JSON.stringify(entry.expression)}, "answers": [\n` +
      entry.answers.map(answer => `        ${JSON.stringify(answer)}`).join(',\n') +
      '\n      ] }';
  }).join(',\n'),
  '  ]',
  '}',
];
writeFileSync(path.join(here, 'reference.json'), lines.join('\n') + '\n');
console.log(`reference.json: ${entries.length} expressions, ` +
  `${entries.reduce((n, entry) => n + (entry.answers ? entry.answers.length : 0), 0)} answers`);
