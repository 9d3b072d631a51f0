export * from './phases.js';
export * from './migration.js';
export * from './clocks.js';
export * from './view.js';
