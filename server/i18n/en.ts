import type { Messages } from './vi';

/** Every string a user reads, in English. */
export const en: Messages = {
  siteName: 'Online public services catalogue',
  province: 'Quảng Ngãi Province',
  skipLink: 'Skip to main content',
  languageSwitch: 'Tiếng Việt',
  languageSwitchLang: 'vi',
  sampleNotice:
    'Sample data: procedure codes and names come from the National Public Service Portal; agencies, fields, tiers and levels are illustrative.',
  footer: 'Levels as defined by Decree 43/2011/NĐ-CP; full / partial online as defined by Decree 42/2022/NĐ-CP.',
  home: {
    title: 'Overview',
    lead: 'The administrative procedures the province offers, their online public-service level and their integration on the National Public Service Portal.',
    figuresCaption: 'Headline figures (current procedures)',
    procedures: 'Administrative procedures',
    offerings: 'Offerings (procedure × agency)',
    agencies: 'Implementing agencies',
    level4: 'Level 4 (full online)',
    level3Plus: 'Level 3 or above',
    portal: 'On the National Portal',
    byLevelCaption: 'Offerings by level',
    level: 'Level',
    decree42: 'Under Decree 42/2022',
    count: 'Count',
    share: 'Share',
    total: 'Total',
    lastImport: 'Last updated',
    lastImportText: '%date%, from file %file%',
    empty: 'No data yet. Import a catalogue with: npm run import -- <file.csv>',
    withdrawn: 'Withdrawn (not counted)',
  },
  levels: { 1: 'Level 1', 2: 'Level 2', 3: 'Level 3', 4: 'Level 4' },
  decree42: { full: 'Full online', partial: 'Partly online', none: 'Not online' },
  errors: {
    title: 'There is a problem',
    notFoundTitle: 'Page not found',
    notFound: 'The page you are looking for does not exist or has moved.',
    serverError: 'Something went wrong on our side. Please try again later.',
    backHome: 'Back to the home page',
  },
};
