import { demoConsentForm } from '../src/consent/index.js';

/** What a bench needs of a household member to register a consent. */
export interface ConsentSubject {
  idNumber: string;
  name: string;
  birthDate: string;
}

/** Uploads the demo consent form once; consents reference the hash the hub computed. */
export async function uploadConsentForm(hubUrl: string, token: string, note: string): Promise<string> {
  const upload = await fetch(new URL('/consents/documents', hubUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/pdf', authorization: `Bearer ${token}` },
    body: demoConsentForm(note),
  });
  const uploaded = (await upload.json()) as { sha256?: string };
  if (upload.status !== 201 || !uploaded.sha256) throw new Error(`consent document upload: ${upload.status} ${JSON.stringify(uploaded)}`);
  return uploaded.sha256;
}

/** ConsentInputs for a household: minors' consents are given by the first adult member, as their guardian. */
export function householdConsents(members: ConsentSubject[], documentSha256: string, purpose: string, validUntil: string) {
  // Adult on the day the hub registers the consent: the 18th birthday has passed.
  const today = new Date().toISOString().slice(0, 10);
  const adult = (birthDate: string) => `${Number(birthDate.slice(0, 4)) + 18}${birthDate.slice(4)}` <= today;
  const guardian = members.find((m) => adult(m.birthDate));
  return members.map((m) => {
    if (adult(m.birthDate)) return { idNumber: m.idNumber, name: m.name, documentSha256, purposes: [purpose], validFrom: '2026-01-01', validUntil };
    if (!guardian) throw new Error('a household of minors only: no adult to give their consent');
    return { idNumber: m.idNumber, name: m.name, documentSha256, purposes: [purpose], validFrom: '2026-01-01', validUntil, guardianIdNumber: guardian.idNumber, guardianName: guardian.name };
  });
}
