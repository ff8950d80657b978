import { useText } from '../language';
import { signInUrl, type SignedOut } from '../session';

/** Signed out: one button to the organisation's identity provider, and in development its demo users. */
export function SignInPage({ session }: { session: SignedOut }) {
  const { t, label, language } = useText();
  return (
    <main className="sign-in">
      <h1>{t('signInTitle')}</h1>
      <p>{t('signInHelp')}</p>
      <p>
        <a className="button primary" href={signInUrl(session)}>
          {t('signInWith')}
        </a>
      </p>
      {session.demoUsers.length > 0 && (
        <section aria-labelledby="demo-users">
          <h2 id="demo-users">{t('demoUsers')}</h2>
          <p>{t('demoUsersHelp')}</p>
          <ul className="demo-users">
            {session.demoUsers.map((u) => (
              <li key={u.login}>
                <a href={signInUrl(session, u.login)} data-login={u.login}>
                  <strong>{u.name}</strong>
                  <span>{u.orgName ? (language === 'en' ? u.orgName.en : u.orgName.zh) : u.org}（{u.org}）</span>
                  <span>{u.roles.map((r) => label('role', r)).join('、')}</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
