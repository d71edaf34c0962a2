/**
 * Catalogue data, part 2: thoracic mobility, left-right (unilateral) work and core endurance.
 * Unilateral exercises start on the weaker side and do a little less on the stronger one (exercises.md).
 */
import type { Exercise } from './exercise-catalogue.js';

const STRENGTH_DOSE = '3 sets of 10-12, 3-4 times a week';
const SIDE_FIRST = 'Start with the weaker side; do the same or a little less on the stronger side.';

export const MOBILITY_AND_CORE_EXERCISES: readonly Exercise[] = [
  {
    id: 'foam-roll-upper-back', name: 'Foam rolling the upper back', category: 'mobility',
    muscles: ['thoracic spine', 'upper back muscles'], findings: ['stiff'],
    instructions: [
      'Lie on your back with a foam roller across the upper back, knees bent, hands supporting the head.',
      'Lift the hips slightly and roll slowly between the shoulder blades and the bottom of the rib cage.',
      'Pause and breathe on tight spots for a few breaths.',
    ],
    dose: '1-2 minutes, daily or before stretching',
    cautions: ['Stay off the lower back and the neck; roll slowly, never over sharp pain.'], unilateral: false,
  },
  {
    id: 'cat-cow', name: 'Cat-cow', category: 'mobility',
    muscles: ['thoracic and lumbar spine'], findings: ['stiff'],
    instructions: [
      'Start on hands and knees, hands under the shoulders and knees under the hips.',
      'Breathing out, round the back towards the ceiling and let the head drop.',
      'Breathing in, let the chest sink and lift the head gently.',
    ],
    dose: '8-10 slow cycles, daily',
    cautions: ['Move only in a comfortable range.'], unilateral: false,
  },
  {
    id: 'thoracic-rotation', name: 'Thoracic rotation (lying or seated)', category: 'mobility',
    muscles: ['thoracic spine', 'obliques'], findings: ['stiff'],
    instructions: [
      'Lying on your side with the knees bent and stacked, arms straight out in front (or seated tall with arms crossed).',
      'Open the top arm up and over to the other side, following the hand with your eyes, knees staying together.',
      'Breathe out as you rotate, then return slowly.',
    ],
    dose: '8-10 per side, daily',
    cautions: ['Turn from the upper back, not by forcing the neck or lower back.'], unilateral: false,
  },
  {
    id: 'single-arm-dumbbell-row', name: 'Single-arm dumbbell row', category: 'strengthen',
    muscles: ['latissimus dorsi', 'rhomboids', 'middle trapezius'], findings: ['lateral-lean'],
    instructions: [
      'Put one knee and the same hand on a bench, back flat, the dumbbell hanging from the other hand.',
      'Pull the dumbbell towards the hip, squeezing the shoulder blade towards the spine.',
      'Lower it slowly. ' + SIDE_FIRST,
    ],
    dose: '3 sets of 10-12 per side, weaker side first, 3-4 times a week',
    cautions: ['Keep the back flat and do not twist to lift the weight.'], unilateral: true,
  },
  {
    id: 'bird-dog', name: 'Bird-dog', category: 'strengthen',
    muscles: ['deep core', 'back extensors', 'glutes'], findings: ['lateral-lean', 'fades-when-tired'],
    instructions: [
      'Start on hands and knees with a flat back.',
      'Reach one arm forward and the opposite leg back until both are level with the body; hold 2-3 seconds.',
      'Return slowly and change sides. ' + SIDE_FIRST,
    ],
    dose: '3 sets of 8-10 per side, 3-4 times a week',
    cautions: ['Keep the hips level; do not arch the lower back.'], unilateral: true,
  },
  {
    id: 'side-plank', name: 'Side plank', category: 'strengthen',
    muscles: ['obliques', 'quadratus lumborum', 'hip abductors'], findings: ['lateral-lean', 'fades-when-tired'],
    instructions: [
      'Lie on your side with the elbow under the shoulder, knees bent (easier) or legs straight.',
      'Lift the hips so the body forms a straight line; hold while breathing.',
      'Lower and change sides. ' + SIDE_FIRST,
    ],
    dose: 'hold 15-30 s per side, 3 times, 3-4 times a week',
    cautions: ['Stop if the shoulder hurts; start from the knees.'], unilateral: true,
  },
  {
    id: 'single-leg-glute-bridge', name: 'Single-leg glute bridge', category: 'strengthen',
    muscles: ['glutes', 'hamstrings', 'deep core'], findings: ['lateral-lean'],
    instructions: [
      'Lie on your back, knees bent, one foot on the floor and the other leg straight or knee held to the chest.',
      'Push through the heel to lift the hips until the body is straight from knee to shoulder, hips level.',
      'Lower slowly. ' + SIDE_FIRST,
    ],
    dose: '3 sets of 8-12 per side, 3-4 times a week',
    cautions: ['Keep the hips level; stop if the lower back or knee hurts.'], unilateral: true,
  },
  {
    id: 'kneeling-hip-flexor-stretch', name: 'Kneeling hip-flexor stretch', category: 'stretch',
    muscles: ['hip flexors', 'psoas'], findings: ['lateral-lean'],
    instructions: [
      'Kneel on one knee (on a cushion), the other foot flat in front.',
      'Tuck the pelvis under slightly and shift forward until you feel a stretch at the front of the kneeling hip.',
      'Hold while breathing, then change sides. Stretch the tighter side first.',
    ],
    dose: 'hold 20-30 s per side, 2-3 times, daily',
    cautions: ['Do not arch the lower back to go further.'], unilateral: true,
  },
  {
    id: 'plank', name: 'Plank', category: 'strengthen',
    muscles: ['deep core', 'abdominals', 'shoulder stabilisers'], findings: ['fades-when-tired'],
    instructions: [
      'Rest on the forearms and toes (or knees), elbows under the shoulders.',
      'Keep a straight line from head to heels, belly gently drawn in; breathe.',
      'Stop before the hips sag.',
    ],
    dose: 'hold 20-40 s, 3 times, 3-4 times a week',
    cautions: ['Start from the knees if the lower back sags or hurts.'], unilateral: false,
  },
  {
    id: 'dead-bug', name: 'Dead bug', category: 'strengthen',
    muscles: ['deep core', 'abdominals'], findings: ['fades-when-tired'],
    instructions: [
      'Lie on your back, arms pointing at the ceiling, hips and knees bent at 90 degrees.',
      'Press the lower back gently into the floor and slowly lower one arm and the opposite leg.',
      'Return and change sides, keeping the back in contact with the floor.',
    ],
    dose: '3 sets of 8-10 per side, 3-4 times a week',
    cautions: ['Only lower as far as you can keep the lower back down.'], unilateral: false,
  },
  {
    id: 'glute-bridge', name: 'Glute bridge', category: 'strengthen',
    muscles: ['glutes', 'hamstrings', 'deep core'], findings: ['fades-when-tired'],
    instructions: [
      'Lie on your back with knees bent and feet flat, hip-width apart.',
      'Push through the heels to lift the hips until the body is straight from knee to shoulder.',
      'Pause, then lower slowly.',
    ],
    dose: STRENGTH_DOSE,
    cautions: ['Lift with the hips, not by arching the lower back.'], unilateral: false,
  },
  {
    id: 'stability-ball-work', name: 'Stability-ball core work', category: 'strengthen',
    muscles: ['deep core', 'balance'], findings: ['fades-when-tired'],
    instructions: [
      'Sit tall on a stability ball with the feet flat and hip-width apart.',
      'Lift one foot a few centimetres and hold 5 seconds while staying upright, then the other.',
      'As it gets easy, progress to a plank with the forearms on the ball.',
    ],
    dose: '2-3 sets of 8-10 per side, 3-4 times a week',
    cautions: ['Use a ball of the right size on a non-slip floor, near a wall for support.'], unilateral: false,
  },
];
