/** Tracked Reports for the pilot-review tests of the PDF, the workbook and the page. */
import { type Report, track } from '../../engine/index.js';
import { loadActuals, parseActuals } from '../../scenarios/actuals.js';
import { loadProposal } from '../../scenarios/load.js';

const CREATED = '2026-11-29T00:00:00.000Z';

/** The demo with a pilot of its first phase: claims on track, e-commerce behind, a shared assumption moving four more scenarios (fixtures/demo-actuals.csv). */
export function trackedDemo(trials = 4096, seed = 1): Report {
  const proposal = loadProposal('fixtures/demo.json');
  return track(proposal, loadActuals('fixtures/demo-actuals.csv', proposal), { trials, seed, createdAt: CREATED });
}

/** The reference model with its reference actuals (docs/tracking.md): ahead, go. */
export function trackedReference(trials = 4096, seed = 1): Report {
  const proposal = loadProposal('fixtures/reference-model.json');
  return track(proposal, loadActuals('fixtures/reference-actuals.csv', proposal), { trials, seed, createdAt: CREATED });
}

/**
 * The reference model with a pilot gone wrong: benefits far below the fan's P10
 * for three months, costs above it, and minutes saved measured beyond the
 * prior's maximum of 12 (the outside-prior caveat) — a status "behind" and a
 * recommendation that is not "go".
 */
export function trackedBadPilot(trials = 4096, seed = 1): Report {
  const proposal = loadProposal('fixtures/reference-model.json');
  const lines = [
    'scenario,month,measure,value,n,sd',
    'reference,0,cash:costs,140000,,',
    'reference,0,cash:benefits,0,,',
    ...[1, 2, 3].flatMap((m) => [`reference,${m},cash:costs,9000,,`, `reference,${m},cash:benefits,0,,`, `reference,${m},adoption,0,,`]),
    'reference,3,benefits[0].minutesSaved,0.5,200,1',
  ];
  return track(proposal, parseActuals(lines.join('\n'), proposal), { trials, seed, createdAt: CREATED });
}
