/**
 * An agency's contacts as pages and JSON give them out: email, phone and website checked again (whatever was
 * checked on import), and a contact that is absent or fails left out, so that no empty label is shown.
 */
import { safeEmail, safeWebAddress, telTarget } from './web-address';

export interface AgencyContactValues {
  address: string | null;
  phone: string | null;
  email: string | null;
  hours: string | null;
  website: string | null;
}

export interface ContactsView {
  address?: string;
  phone?: string;
  /** The phone's first number for a tel: link. */
  tel?: string;
  email?: string;
  hours?: string;
  website?: string;
  websiteHost?: string;
}

export function contactsView(c: AgencyContactValues): ContactsView {
  const website = safeWebAddress(c.website);
  const email = safeEmail(c.email);
  const tel = telTarget(c.phone);
  return {
    ...(c.address ? { address: c.address } : {}),
    ...(c.phone ? { phone: c.phone, ...(tel ? { tel } : {}) } : {}),
    ...(email ? { email } : {}),
    ...(c.hours ? { hours: c.hours } : {}),
    ...(website ? { website: website.href, websiteHost: website.host } : {}),
  };
}

export function hasContacts(view: ContactsView): boolean {
  return Object.keys(view).length > 0;
}
