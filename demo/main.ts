// Placeholder: the demo command (seeded coach and wearers with two weeks of history, live simulated sensors).
console.log('demo: not built yet');
