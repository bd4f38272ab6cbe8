/**
 * Small pieces of markup drawn once per table row. They are functions rather than EJS partials because an
 * `include` costs a file-system check and a copy of every local each time, which showed in a list page's
 * profile (README, "What the design choices measured"). Every text they print is escaped.
 */
import type { Messages } from './i18n';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

export interface ViewHelpers {
  /** "Mức độ 4" badge with its Nghị định 42/2022 name beneath. */
  levelBadge(level: number): string;
  /** National Portal integration: integrated, not integrated, or not stated. */
  portalBadge(value: number | null): string;
  /** Meets / below the target; nothing when there is no target. */
  targetBadge(meets: boolean | null): string;
  /** Who did something, in words: the system's own actors named, a command-line user marked (plain text). */
  actorName(actor: string): string;
  /** A client address as a person reads it: IPv4 for a mapped address, "máy này" for the machine itself (plain text). */
  addressText(address: string | null): string;
}

/** The system's actors as the database records them (the sample's import: db SAMPLE_IMPORT_USER). */
const SYSTEM_ACTORS = { migration: 'migration', system: 'system', sample: 'seed' } as const;

export function viewHelpers(t: Messages): ViewHelpers {
  return {
    actorName(actor) {
      if (actor === SYSTEM_ACTORS.migration) return t.actors.migration;
      if (actor === SYSTEM_ACTORS.system) return t.actors.system;
      if (actor === SYSTEM_ACTORS.sample) return t.actors.sample;
      if (actor.startsWith('cli:')) return t.actors.cli.replace('%name%', actor.slice(4));
      return actor;
    },
    addressText(address) {
      if (!address) return '';
      if (address === '::1' || address === '127.0.0.1' || address === '::ffff:127.0.0.1') return t.actors.thisMachine;
      const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
      return mapped ? mapped[1]! : address;
    },
    levelBadge(level) {
      const kind = level === 4 ? 'full' : level === 3 ? 'partial' : 'none';
      return (
        `<span class="level level-${Number(level)}">${escapeHtml(t.levels[level])}</span>\n` +
        `<span class="decree42 decree42-${kind}">${escapeHtml(t.decree42[kind])}</span>`
      );
    },
    portalBadge(value) {
      if (value === 1) return `<span class="badge badge-yes">${escapeHtml(t.portalValues.yes)}</span>`;
      if (value === 0) return `<span class="badge badge-no">${escapeHtml(t.portalValues.no)}</span>`;
      return `<span class="badge badge-unknown">${escapeHtml(t.yesNo.unknown)}</span>`;
    },
    targetBadge(meets) {
      if (meets === null) return '';
      return ` <span class="badge ${meets ? 'badge-meets' : 'badge-below'}">${escapeHtml(meets ? t.coverage.target.meets : t.coverage.target.below)}</span>`;
    },
  };
}
