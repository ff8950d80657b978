import { useText } from '../language';

/** The queue dashboard (bull-board at /admin/queues) accepts the console's session; its own role rules apply. */
export function QueuesLink() {
  const { t } = useText();
  return (
    <section aria-labelledby="queues-title" className="panel">
      <h2 id="queues-title">{t('queuesTitle')}</h2>
      <p className="help">{t('queuesHelp')}</p>
      <a className="button" href="/admin/queues">
        {t('queuesOpen')}
      </a>
    </section>
  );
}
