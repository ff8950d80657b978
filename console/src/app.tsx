import { useEffect, useState, type ReactNode } from 'react';
import { LANGUAGES, saveLanguage, type Language, type MessageKey } from './i18n';
import { LanguageContext, useText } from './language';
import { AdminPage } from './pages/admin';
import { AuditPage } from './pages/audit';
import { BatchesPage } from './pages/batches';
import { HomePage } from './pages/home';
import { HouseholdsPage } from './pages/households';
import { ReportPage } from './pages/report';
import { SignInPage } from './pages/sign-in';
import { VerifyPage } from './pages/verify';
import { fetchSession, type Session, type SignedIn } from './session';

/** Instants are shown in the region's time zone (Asia/Shanghai by default), never in UTC. */
const TIME_ZONE = 'Asia/Shanghai';

function formatInstant(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(language, { timeZone: TIME_ZONE, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/**
 * The console's pages by path (the hub answers index.html for every path under /console/). `roles`:
 * who sees the page in the navigation; the API enforces the same rules whoever opens the address.
 */
const PAGES: { path: string; nav: MessageKey | null; roles: readonly string[] | null; page: () => ReactNode }[] = [
  { path: '/console/audit', nav: 'navAudit', roles: ['auditor'], page: AuditPage },
  { path: '/console/admin', nav: 'navAdmin', roles: ['admin'], page: AdminPage },
  { path: '/console/verify', nav: 'navVerify', roles: ['verifier', 'assistance-system'], page: VerifyPage },
  { path: '/console/reports', nav: null, roles: null, page: ReportPage },
  { path: '/console/households', nav: 'navHouseholds', roles: ['verifier', 'assistance-system'], page: HouseholdsPage },
  { path: '/console/batches', nav: 'navBatches', roles: ['verifier', 'assistance-system'], page: BatchesPage },
];

function pageAt(pathname: string): () => ReactNode {
  return PAGES.find((p) => pathname === p.path || pathname.startsWith(`${p.path}/`))?.page ?? HomePage;
}

function LanguageSwitch() {
  const { language, setLanguage, t } = useText();
  const other: Language = language === 'zh-CN' ? 'en' : 'zh-CN';
  return (
    <button type="button" className="link" lang={other} onClick={() => setLanguage(other)} aria-label={`${t('language')}: ${t('switchTo')}`}>
      {t('switchTo')}
    </button>
  );
}

function Header({ session }: { session: Session }) {
  const { t, label, language } = useText();
  return (
    <header className="top">
      <div className="brand">
        <span className="app">{t('appTitle')}</span>
        <span className="console">{t('consoleName')}</span>
      </div>
      {session.signedIn && (
        <nav aria-label={t('consoleName')}>
          <a href="/console/">{t('navHome')}</a>
          {PAGES.filter((p) => p.nav && (!p.roles || p.roles.some((r) => session.roles.includes(r)))).map((p) => (
            <a key={p.path} href={p.path} aria-current={location.pathname.startsWith(p.path) ? 'page' : undefined}>
              {t(p.nav!)}
            </a>
          ))}
          <a href="/graphiql">{t('navGraphiql')}</a>
          <a href="/admin/queues">{t('navQueues')}</a>
        </nav>
      )}
      <div className="who">
        <LanguageSwitch />
        {session.signedIn && <SignedInAs session={session} language={language} label={label} t={t} />}
      </div>
    </header>
  );
}

function SignedInAs({ session, language, label, t }: { session: SignedIn; language: Language } & Pick<ReturnType<typeof useText>, 'label' | 't'>) {
  const org = session.orgName ? (language === 'en' ? session.orgName.en : session.orgName.zh) : session.org;
  return (
    <>
      <span data-testid="signed-in-as" title={`${t('sessionEnds')} ${formatInstant(session.expiresAt, language)}`}>
        {t('signedInAs')}：{session.name ?? session.sub} · {org} · {session.roles.map((r) => label('role', r)).join('、')}
      </span>
      <form method="post" action="/auth/sign-out">
        <button type="submit">{t('signOut')}</button>
      </form>
    </>
  );
}

function CurrentPage() {
  const Page = pageAt(location.pathname);
  return <Page />;
}

export function App() {
  const [language, setLanguageState] = useState<Language>(() => (document.documentElement.lang === 'en' ? 'en' : 'zh-CN'));
  const [session, setSession] = useState<Session | Error | null>(null);
  useEffect(() => {
    fetchSession().then(setSession, (err: Error) => setSession(err));
  }, []);
  const setLanguage = (l: Language) => {
    saveLanguage(l);
    setLanguageState(l);
  };
  return (
    <LanguageContext.Provider value={{ language, setLanguage }}>
      {session === null ? (
        <p role="status">{LANGUAGES[language].loading}</p>
      ) : session instanceof Error ? (
        <p role="alert">{`${LANGUAGES[language].loadFailed}: ${session.message}`}</p>
      ) : (
        <>
          <Header session={session} />
          {session.signedIn ? (
            <main>
              <CurrentPage />
            </main>
          ) : (
            <SignInPage session={session} />
          )}
        </>
      )}
    </LanguageContext.Provider>
  );
}
