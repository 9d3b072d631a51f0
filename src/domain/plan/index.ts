/** The migration plan: workstreams, their order across tenants, and why. Pure. */
export * from './types.js';
export { buildPlan, PLAN_RULES } from './build.js';
export { PLAN_SOURCES, type PlanSource } from './sources.js';
