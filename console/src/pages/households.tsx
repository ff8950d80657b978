import { useEffect, useState } from 'react';
import '../households/households.css';
import { HouseholdRanking } from '../households/ranking';
import { HouseholdSearch } from '../households/search';
import { useText } from '../language';
import { fetchSession } from '../session';

/**
 * Households (verifiers and assistance systems): find a household of the jurisdiction by a member's
 * ID number or its reference, with its status and verifications; the region's ranking with the
 * filters of rankedHouseholds, paged, exported as CSV.
 */
export function HouseholdsPage() {
  const { t } = useText();
  const [org, setOrg] = useState<string | null>(null);
  useEffect(() => {
    // The caller's organisation is the ranking's default region.
    fetchSession().then(
      (s) => setOrg(s.signedIn ? s.org : ''),
      () => setOrg(''),
    );
  }, []);
  return (
    <>
      <h1>{t('hhTitle')}</h1>
      <HouseholdSearch />
      {org !== null && <HouseholdRanking defaultRegion={org} />}
    </>
  );
}
