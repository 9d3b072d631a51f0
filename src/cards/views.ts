/**
 * View models for the general cards (welcome, help): plain data built from the command table, so the cards
 * never advertise a command the bot does not have.
 */
import type { ListedCommand as Command, Scope } from '../services/turn.js';

export interface CommandLine {
  usage: string;
  description: string;
}

export interface WelcomeView {
  title: string;
  intro: string;
  commands: CommandLine[];
  inChannel: boolean;
  hasEligibility: boolean;
  hasForm: boolean;
  footer: string;
}

export interface HelpView {
  commands: CommandLine[];
  inChannel: boolean;
  footer: string;
}

const lines = (commands: Command[]): CommandLine[] => commands.map((c) => ({ usage: c.usage, description: c.description }));

export function welcomeCardView(commands: Command[], scope: Scope): WelcomeView {
  const inChannel = scope !== 'personal';
  return {
    title: 'Migration Readiness',
    intro: inChannel
      ? 'I post the status of Power Platform tenant-to-tenant migrations in this channel and keep each card up to date. Mention me to ask for something.'
      : 'I help you move Power Platform and Dynamics 365 environments from one Microsoft 365 tenant to another: I check whether each environment can move, explain every blocker with its source, and keep the project on track.',
    commands: lines(commands),
    inChannel,
    hasEligibility: !inChannel && commands.some((c) => c.id === 'check-eligibility'),
    hasForm: !inChannel && commands.some((c) => c.id === 'assess-with-form'),
    footer: 'Type **help** at any time. Type **cancel** to stop what we are doing.',
  };
}

export function helpCardView(commands: Command[], scope: Scope): HelpView {
  const inChannel = scope !== 'personal';
  return {
    commands: lines(commands),
    inChannel,
    footer: inChannel
      ? 'In a channel, mention me first, for example "@Migration Readiness help".'
      : 'While I ask you questions you can also type **back**, **skip**, **restart** or **cancel**.',
  };
}
