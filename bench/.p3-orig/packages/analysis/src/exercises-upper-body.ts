/**
 * Catalogue data, part 1: chest and upper back (the slouch picture), habits, breathing and referral.
 * Dosing follows exercises.md: static holds about 20-30 s; strength 3-4 times a week, slow and controlled.
 */
import type { Exercise } from './exercise-catalogue.js';

const STRETCH_DOSE = 'hold 20-30 s, 2-3 times, daily';
const STRENGTH_DOSE = '3 sets of 10-12, 3-4 times a week';
const WARM_UP = 'Warm up first with a few arm circles; stretch after moving, not cold.';

export const UPPER_BODY_EXERCISES: readonly Exercise[] = [
  {
    id: 'doorway-chest-stretch', name: 'Doorway chest stretch', category: 'stretch',
    muscles: ['pectoralis major', 'pectoralis minor', 'front of the shoulders'], findings: ['slouch-load'],
    instructions: [
      'Stand in a doorway and rest your forearms on the frame, elbows at about shoulder height.',
      'Step one foot forward and let your chest move gently through the doorway until you feel a stretch across the front of the chest.',
      'Keep your neck long and breathe slowly while you hold.',
    ],
    dose: STRETCH_DOSE, cautions: [WARM_UP, 'Stop if you feel tingling in the arms or pain in the shoulder joint.'], unilateral: false,
  },
  {
    id: 'chest-opener', name: 'Chest opener', category: 'stretch',
    muscles: ['pectoralis major', 'pectoralis minor', 'front of the shoulders'], findings: ['slouch-load'],
    instructions: [
      'Stand tall and clasp your hands behind your back (hold a towel if your hands do not meet).',
      'Draw the shoulder blades back and down, then lift the hands gently away from your back.',
      'Look straight ahead and breathe while you hold, then release slowly.',
    ],
    dose: STRETCH_DOSE, cautions: [WARM_UP, 'Lift only as far as is comfortable; do not arch the lower back.'], unilateral: false,
  },
  {
    id: 'band-row', name: 'Seated or band row', category: 'strengthen',
    muscles: ['rhomboids', 'middle trapezius', 'latissimus dorsi'], findings: ['slouch-load'],
    instructions: [
      'Sit tall (or stand) with a resistance band anchored in front of you at chest height, or at a cable row.',
      'Pull the handles towards your lower ribs, elbows close to the body, squeezing the shoulder blades towards the spine.',
      'Pause for a moment, then return slowly under control.',
    ],
    dose: STRENGTH_DOSE, cautions: ['Keep the shoulders down, away from the ears; do not lean back to move the weight.'], unilateral: false,
  },
  {
    id: 'face-pull', name: 'Face pull', category: 'strengthen',
    muscles: ['rear shoulders', 'middle and lower trapezius', 'rotator cuff'], findings: ['slouch-load'],
    instructions: [
      'Anchor a band at about head height and hold it with both hands, palms facing down.',
      'Pull the band towards your face, elbows high, and finish with the hands beside the ears.',
      'Squeeze the shoulder blades together briefly, then return slowly.',
    ],
    dose: STRENGTH_DOSE, cautions: ['Use a light band; stop if the front of the shoulder pinches.'], unilateral: false,
  },
  {
    id: 'shoulder-blade-squeeze', name: 'Shoulder-blade squeeze', category: 'strengthen',
    muscles: ['rhomboids', 'middle trapezius'], findings: ['slouch-load', 'long-sits'],
    instructions: [
      'Sit or stand tall with the arms relaxed at your sides.',
      'Draw the shoulder blades back and slightly down, as if holding a pencil between them.',
      'Hold for about 5 seconds, then release fully.',
    ],
    dose: '10-15 squeezes holding 5 s, once or twice a day (a good one for waiting moments)',
    cautions: ['Do not shrug or push the chin forward while squeezing.'], unilateral: false,
  },
  {
    id: 'wall-angel', name: 'Wall angel', category: 'strengthen',
    muscles: ['lower trapezius', 'serratus anterior', 'chest (lengthened)'], findings: ['slouch-load'],
    instructions: [
      'Stand with your back against a wall, feet a little in front, lower back gently touching the wall.',
      'Raise the arms into a goal-post shape with elbows and backs of the hands towards the wall.',
      'Slide the arms slowly up as far as you can keep contact, then back down.',
    ],
    dose: '2-3 sets of 8-10 slow slides, 3-4 times a week',
    cautions: ['Only go as high as you can without the back arching off the wall or the shoulders hurting.'], unilateral: false,
  },
  {
    id: 'chin-tuck', name: 'Chin tuck', category: 'strengthen',
    muscles: ['deep neck flexors', 'upper trapezius and levator scapulae (lengthened)'], findings: ['slouch-load'],
    instructions: [
      'Sit or stand tall and look straight ahead.',
      'Glide your head straight back, making a gentle double chin, without tipping the head up or down.',
      'Hold for about 5 seconds, then relax.',
    ],
    dose: '10 repetitions holding 5 s, 2-3 times a day',
    cautions: ['The movement is small; stop if it causes dizziness or pain down the arm.'], unilateral: false,
  },
  {
    id: 'movement-break', name: 'Movement break', category: 'habit',
    muscles: ['whole body', 'shoulders and upper back'], findings: ['grows-through-day', 'long-sits'],
    instructions: [
      'Every 30 to 60 minutes of sitting, stand up and walk for a minute or two.',
      'Do 10 slow arm circles forwards and 10 backwards.',
      'Do 5 to 10 gentle torso twists to each side with the hips facing forward.',
    ],
    dose: '1-2 minutes every 30-60 minutes of sitting',
    cautions: ['Keep twists gentle and within a comfortable range.'], unilateral: false,
  },
  {
    id: 'workstation-check', name: 'Workstation check', category: 'habit',
    muscles: ['sitting habits'], findings: ['grows-through-day', 'long-sits', 'slouch-load'],
    instructions: [
      'Feet flat on the floor, knees about level with the hips, the chair supporting your back.',
      'Elbows near 90 degrees with the shoulders relaxed.',
      'Screen about an arm\'s length away with its top at or slightly below eye level.',
      'When lifting, keep the load close and let the legs do the work.',
    ],
    dose: 'once now, then whenever the set-up changes',
    cautions: ['Change one thing at a time and give it a few days.'], unilateral: false,
  },
  {
    id: 'sleep-position', name: 'Sleep position', category: 'habit',
    muscles: ['resting posture'], findings: [],
    instructions: [
      'On your back: a pillow under the knees.',
      'On your side: a pillow between the knees, and one that keeps the neck in line with the spine.',
    ],
    dose: 'every night',
    cautions: ['If a new position keeps you awake, change it gradually.'], unilateral: false,
  },
  {
    id: 'diaphragmatic-breathing', name: 'Diaphragmatic breathing', category: 'breathing',
    muscles: ['diaphragm', 'neck and shoulder muscles (relaxing)'], findings: ['stress-tension'],
    instructions: [
      'Sit or lie comfortably with one hand on your chest and one on your belly.',
      'Breathe in slowly through the nose so the belly hand rises and the chest hand stays still.',
      'Breathe out for longer than you breathed in, letting the shoulders drop.',
    ],
    dose: '3-5 minutes a day',
    cautions: ['Breathe gently; if you feel light-headed, return to normal breathing.'], unilateral: false,
  },
  {
    id: 'see-a-physiotherapist', name: 'See a physiotherapist', category: 'referral',
    muscles: [], findings: ['no-progress'],
    instructions: [
      'Book an assessment with a physiotherapist.',
      'Share your posture report with them so they can see the measured trend.',
      'Follow their plan; supervised sessions usually run 30-60 minutes, 2-3 times a week.',
    ],
    dose: 'book an assessment',
    cautions: ['See a doctor promptly for pain with numbness, weakness, fever or after an injury.'], unilateral: false,
  },
];
