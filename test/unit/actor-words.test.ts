/** Admin pages name the system's actors and client addresses in words a person reads (issue #19). */
import { messagesFor } from '../../server/i18n';
import { viewHelpers } from '../../server/view-helpers';

describe('actors and addresses in words', () => {
  const vi = viewHelpers(messagesFor('vi'));
  const en = viewHelpers(messagesFor('en'));

  it('names the migration, the system, the sample and command-line users; people stay as they are', () => {
    expect(vi.actorName('migration')).toBe('hệ thống (nâng cấp cơ sở dữ liệu)');
    expect(vi.actorName('seed')).toBe('dữ liệu mẫu');
    expect(vi.actorName('system')).toBe('hệ thống');
    expect(vi.actorName('cli:lan')).toBe('lan (dòng lệnh)');
    expect(vi.actorName('quantri')).toBe('quantri');
    expect(en.actorName('migration')).toBe('the system (database upgrade)');
  });

  it('shows a mapped IPv4 address as IPv4 and the machine itself as "máy này"', () => {
    expect(vi.addressText('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(vi.addressText('::1')).toBe('máy này');
    expect(vi.addressText('127.0.0.1')).toBe('máy này');
    expect(vi.addressText('2001:db8::5')).toBe('2001:db8::5');
    expect(vi.addressText(null)).toBe('');
    expect(en.addressText('::1')).toBe('this machine');
  });
});
